import { ApiProperty } from '@nestjs/swagger';

export class LoadsByStatusDto {
  @ApiProperty({ example: 12 }) posted: number;
  @ApiProperty({ example: 3 }) assigned: number;
  @ApiProperty({ example: 2 }) in_transit: number;
  @ApiProperty({ example: 40 }) delivered: number;
  @ApiProperty({ example: 4 }) cancelled: number;
}

export class DriverUtilisationDto {
  @ApiProperty({ example: 4, description: 'Drivers counted (1 for a driver caller: themselves)' })
  drivers: number;

  @ApiProperty({ example: 2, description: 'Of those, drivers with an assigned or in-transit load now' })
  busyDrivers: number;

  @ApiProperty({ type: Number, nullable: true, example: 0.5, description: 'busyDrivers / drivers, 4 decimals; null with no drivers' })
  rate: number | null;
}

export class DailyFiguresDto {
  @ApiProperty({ example: '2026-11-25', format: 'date' })
  date: string;

  @ApiProperty({ example: 3, description: 'Loads created that UTC day' })
  created: number;

  @ApiProperty({ example: 2, description: 'Loads delivered that UTC day' })
  delivered: number;

  @ApiProperty({ example: 412000, description: 'rate_cents of the loads delivered that day' })
  revenueCents: number;
}

export class AnalyticsDto {
  @ApiProperty({ example: '2026-10-27', format: 'date' })
  from: string;

  @ApiProperty({ example: '2026-11-25', format: 'date' })
  to: string;

  @ApiProperty({ type: LoadsByStatusDto, description: 'Loads created in the range, by current status' })
  loadsByStatus: LoadsByStatusDto;

  @ApiProperty({ example: 9120000, description: 'rate_cents of the loads delivered in the range' })
  revenueCents: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.85,
    description: 'Share of loads delivered in the range by their delivery window end, 4 decimals; null when none',
  })
  onTimeDeliveryRate: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 31.5,
    description: 'Mean pickup-to-delivery hours of loads delivered in the range, 2 decimals; null when none',
  })
  averageTransitHours: number | null;

  @ApiProperty({ type: DriverUtilisationDto })
  driverUtilisation: DriverUtilisationDto;

  @ApiProperty({ type: [DailyFiguresDto], description: 'One entry per UTC day of the range, zeros included' })
  daily: DailyFiguresDto[];
}
