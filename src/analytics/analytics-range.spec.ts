import { RequestValidationException } from '../common/validation';
import { resolveAnalyticsRange } from './analytics-range';

const now = new Date('2026-11-25T18:30:00.000Z');

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof RequestValidationException) return error.details[0].field;
    throw error;
  }
  throw new Error('expected a RequestValidationException');
}

describe('resolveAnalyticsRange', () => {
  it('defaults to the last 30 UTC days, today included', () => {
    const range = resolveAnalyticsRange({}, now);
    expect(range).toEqual({
      from: '2026-10-27',
      to: '2026-11-25',
      start: new Date('2026-10-27T00:00:00.000Z'),
      end: new Date('2026-11-26T00:00:00.000Z'),
      days: 30,
    });
  });

  it('counts 30 days back from a given to', () => {
    expect(resolveAnalyticsRange({ to: '2024-03-10' }, now)).toMatchObject({ from: '2024-02-10', days: 30 });
  });

  it('takes a single day', () => {
    expect(resolveAnalyticsRange({ from: '2024-02-29', to: '2024-02-29' }, now)).toMatchObject({
      days: 1,
      start: new Date('2024-02-29T00:00:00.000Z'),
      end: new Date('2024-03-01T00:00:00.000Z'),
    });
  });

  it('allows 366 days and refuses 367', () => {
    expect(resolveAnalyticsRange({ from: '2024-01-01', to: '2024-12-31' }, now).days).toBe(366);
    expect(fieldOf(() => resolveAnalyticsRange({ from: '2024-01-01', to: '2025-01-01' }, now))).toBe('to');
  });

  it('refuses from after to, also when to defaults to today', () => {
    expect(fieldOf(() => resolveAnalyticsRange({ from: '2024-03-02', to: '2024-03-01' }, now))).toBe('from');
    expect(fieldOf(() => resolveAnalyticsRange({ from: '2026-11-26' }, now))).toBe('from');
  });
});
