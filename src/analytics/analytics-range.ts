import { RequestValidationException } from '../common/validation';

export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole UTC days, both ends included. */
export interface AnalyticsRange {
  /** 'YYYY-MM-DD' */
  from: string;
  /** 'YYYY-MM-DD' */
  to: string;
  /** from at 00:00 UTC */
  start: Date;
  /** the day after `to` at 00:00 UTC: the exclusive end */
  end: Date;
  days: number;
}

function dayString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Resolves the optional from/to (already validated as calendar dates) into a UTC day range:
 * `to` defaults to today, `from` to 29 days before `to` (30 days in all).
 */
export function resolveAnalyticsRange(query: { from?: string; to?: string }, now: Date = new Date()): AnalyticsRange {
  const to = query.to ?? dayString(now);
  const toStart = new Date(`${to}T00:00:00.000Z`);
  const from = query.from ?? dayString(new Date(toStart.getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS));
  const start = new Date(`${from}T00:00:00.000Z`);
  if (start > toStart) {
    throw new RequestValidationException([{ field: 'from', messages: ['from must not be after to'] }]);
  }
  const days = Math.round((toStart.getTime() - start.getTime()) / DAY_MS) + 1;
  if (days > MAX_RANGE_DAYS) {
    throw new RequestValidationException([{ field: 'to', messages: [`the range from..to must span at most ${MAX_RANGE_DAYS} days, got ${days}`] }]);
  }
  return { from, to, start, end: new Date(toStart.getTime() + DAY_MS), days };
}
