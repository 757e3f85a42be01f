import { ApiProperty } from '@nestjs/swagger';
import { KeysetPageDto } from '../../common/page-response.dto';
import { LoadStatus } from '../load-status';
import { LocationDto } from './location.dto';
import { TimeWindowDto } from './time-window.dto';

const instant = (example: string | null, description?: string) =>
  ApiProperty({ type: String, format: 'date-time', nullable: example === null, example: example ?? undefined, description });

export class LoadResponseDto {
  @ApiProperty({ format: 'uuid', example: '0b9f1a52-3c7d-4e8a-9f21-6d5c4b3a2e10' })
  id: string;

  @ApiProperty({ example: 'FRT-261125-7K3QZA' })
  reference: string;

  @ApiProperty({ type: () => LocationDto })
  origin: LocationDto;

  @ApiProperty({ type: () => LocationDto })
  destination: LocationDto;

  @ApiProperty({ type: () => TimeWindowDto })
  pickupWindow: TimeWindowDto;

  @ApiProperty({ type: () => TimeWindowDto })
  deliveryWindow: TimeWindowDto;

  @ApiProperty({ type: 'integer', example: 18000 })
  weightKg: number;

  @ApiProperty({ type: 'integer', example: 245000, description: 'Rate in US cents' })
  rateCents: number;

  @ApiProperty({ enum: LoadStatus, enumName: 'LoadStatus', example: LoadStatus.Posted })
  status: LoadStatus;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null, description: 'The assigned driver, if any' })
  driverId: string | null;

  @ApiProperty({ format: 'uuid', description: 'The user who posted the load' })
  createdById: string;

  @instant('2026-11-25T18:00:00.000Z')
  createdAt: string;

  @instant('2026-11-25T18:00:00.000Z')
  updatedAt: string;

  @instant(null, 'Set when the driver picks the freight up')
  pickedUpAt: string | null;

  @instant(null, 'Set on delivery')
  deliveredAt: string | null;

  @instant(null, 'Set on cancellation')
  cancelledAt: string | null;
}

export class LoadPageDto extends KeysetPageDto(LoadResponseDto) {}
