import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class AssignLoadDto {
  @ApiProperty({ format: 'uuid', example: '4f0c2a4e-6f1b-4d7e-9a51-2b8f3c6d7e10', description: 'An available driver' })
  @IsUUID('4', { message: 'driverId must be a UUID' })
  driverId: string;
}
