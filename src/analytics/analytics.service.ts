import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { settleAll } from '../common/settle-all';
import { readQuery } from '../database/replicas/read-query';
import { UserRole } from '../users/user-role';
import { resolveAnalyticsRange } from './analytics-range';
import { DAILY_SQL, DailyRow, SUMMARY_SQL, SummaryRow } from './analytics.sql';
import { AnalyticsQueryDto } from './dto/analytics-query.dto';
import { AnalyticsDto } from './dto/analytics.dto';

function ratio(part: number, whole: number, decimals: number): number | null {
  if (whole === 0) return null;
  const factor = 10 ** decimals;
  return Math.round((part / whole) * factor) / factor;
}

@Injectable()
export class AnalyticsService {
  constructor(private readonly dataSource: DataSource) {}

  async report(user: AuthUser, query: AnalyticsQueryDto): Promise<AnalyticsDto> {
    const range = resolveAnalyticsRange(query);
    // A driver sees only their own loads; a driver account without a driver record sees none.
    const scoped = user.role === UserRole.Driver;
    const params = [range.start, range.end, scoped, scoped ? user.driverId : null];
    // Both queries settle before the request answers: a failed one never leaves its sibling
    // holding a pool connection behind the response. Reads: a bounded fill may send them to a
    // replica within the route's lag (database/replicas).
    const [[summary], daily] = await settleAll<[SummaryRow[], DailyRow[]]>([
      readQuery<SummaryRow[]>(this.dataSource, SUMMARY_SQL, params),
      readQuery<DailyRow[]>(this.dataSource, DAILY_SQL, [...params, range.from, range.to]),
    ]);
    const averageTransitHours = summary.average_transit_hours === null ? null : Math.round(Number(summary.average_transit_hours) * 100) / 100;
    return {
      from: range.from,
      to: range.to,
      loadsByStatus: {
        posted: summary.posted,
        assigned: summary.assigned,
        in_transit: summary.in_transit,
        delivered: summary.delivered,
        cancelled: summary.cancelled,
      },
      revenueCents: Number(summary.revenue_cents),
      onTimeDeliveryRate: ratio(summary.on_time, summary.delivered_in_range, 4),
      averageTransitHours,
      driverUtilisation: {
        drivers: summary.drivers,
        busyDrivers: summary.busy_drivers,
        rate: ratio(summary.busy_drivers, summary.drivers, 4),
      },
      daily: daily.map((row) => ({
        date: row.date,
        created: row.created,
        delivered: row.delivered,
        revenueCents: Number(row.revenue_cents),
      })),
    };
  }
}
