import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator';
import { RateLimited } from '../rate-limit/rate-limited.decorator';
import { AuthService } from './auth.service';
import { Public } from './decorators';
import { LoginDto, LoginResponseDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @RateLimited('login')
  // A bearer token must never sit in a browser or proxy cache.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Exchange email and password for a JWT',
    description:
      'Public. Send the accessToken as `Authorization: Bearer <token>` until it expires, or until the password or role changes; a wrong email or password gets the same 401. ' +
      'Attempts are limited per email and per client address (429 with Retry-After once spent).',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiErrors({ 400: 'email not an email address, password missing or too long, or an unknown field', 401: 'Wrong email or password' })
  login(@Body() dto: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(dto);
  }
}
