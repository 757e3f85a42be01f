import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Driver } from '../drivers/driver.entity';
import { User } from '../users/user.entity';
import type { JwtPayload } from './auth-user';
import { LoginDto, LoginResponseDto } from './dto/login.dto';
import { verifyPassword } from './password';

// Compared against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Driver) private readonly drivers: Repository<Driver>,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponseDto> {
    const user = await this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.email = :email', { email: dto.email.trim().toLowerCase() })
      .getOne();
    const valid = await verifyPassword(dto.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid) throw new UnauthorizedException('Wrong email or password');

    const driver = await this.drivers.findOne({ where: { userId: user.id }, select: { id: true } });
    const payload: JwtPayload = { sub: user.id, email: user.email, role: user.role, driverId: driver?.id ?? null, ver: user.tokenVersion };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: this.config.jwtExpiresInSeconds });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwtExpiresInSeconds,
      role: user.role,
      userId: user.id,
    };
  }
}
