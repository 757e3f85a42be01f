import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators';
import { CachePolicy } from '../cache/cache-policy.decorator';
import { ProfileCache } from './profile.cache';
import { ApiErrors } from '../common/api-errors.decorator';
import { RateLimited } from '../rate-limit/rate-limited.decorator';
import { ProfileDto } from './dto/profile.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { ProfileService } from './profile.service';

@ApiTags('profile')
@ApiErrors({ 401: 'Missing, invalid or expired token', 404: "The token's account no longer exists" })
@Controller('profile')
export class ProfileController {
  constructor(private readonly profile: ProfileService) {}

  @Get()
  @CachePolicy({ ttlSeconds: 300, scope: 'user', dependsOn: [ProfileCache.profile.ofCaller()] })
  @ApiOperation({ summary: "The caller's profile", description: 'Cached per user for 5 minutes and invalidated when the profile changes.' })
  @ApiOkResponse({ type: ProfileDto })
  get(@CurrentUser() user: AuthUser): Promise<ProfileDto> {
    return this.profile.get(user.id);
  }

  @Patch()
  @RateLimited('password-change')
  @ApiOperation({
    summary: 'Change name, phone or password (the email cannot be changed)',
    description:
      'A password change needs both currentPassword and newPassword, revokes every token issued before it, and is rate limited per user and per client address. ' +
      'Only fields present in the body change.',
  })
  @ApiOkResponse({ type: ProfileDto, description: 'The updated profile' })
  @ApiErrors({
    400: 'Empty body, unknown or invalid field, a password change without both passwords, or a wrong currentPassword',
    409: 'Another request changed the password after currentPassword was checked',
  })
  update(@CurrentUser() user: AuthUser, @Body() dto: UpdateProfileDto): Promise<ProfileDto> {
    return this.profile.update(user.id, dto);
  }
}
