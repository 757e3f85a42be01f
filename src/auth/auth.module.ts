import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { createSecretKey } from 'node:crypto';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Driver } from '../drivers/driver.entity';
import { User } from '../users/user.entity';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { UserTokenStates } from './user-token-states';
import { userTokenStatesProvider, UserTokenStatesListener } from './user-token-states.provider';

@Module({
  imports: [
    TypeOrmModule.forFeature([User, Driver]),
    JwtModule.registerAsync({
      global: true,
      inject: [APP_CONFIG],
      // A KeyObject, not the string: given a string, jsonwebtoken first tries createPublicKey
      // on every verify, which fails after ~0.5 ms of OpenSSL decoding: most of an
      // authenticated cache hit's CPU (measured in bench/cache-bench.ts, BENCHMARKS.md).
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, userTokenStatesProvider, UserTokenStatesListener, { provide: APP_GUARD, useClass: AuthGuard }],
  // The position stream re-checks a token's state at each heartbeat (it outlives the request).
  exports: [UserTokenStates],
})
export class AuthModule {}
