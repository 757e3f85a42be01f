import type { Targets } from './options';
import type { Criterion, CriterionStatus, MixedSummary } from './report';
import type { Summary } from './stats';

const status = (pass: boolean): CriterionStatus => (pass ? 'PASS' : 'FAIL');
const number = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The original's success criteria (and, in mixed mode, freshness), each marked PASS or FAIL. */
export function evaluateCriteria(aggregate: Summary, targets: Targets, mixed: MixedSummary | null): Criterion[] {
  const p95 = aggregate.latencyMs.p95;
  const hitRate = aggregate.cache.hitRatePct;
  const criteria: Criterion[] = [
    {
      name: 'Throughput',
      target: `>= ${number(targets.minRps)} req/s`,
      actual: `${number(aggregate.throughputRps)} req/s`,
      status: status(aggregate.throughputRps >= targets.minRps),
    },
    {
      name: 'p95 latency',
      target: `< ${number(targets.maxP95Ms)} ms`,
      actual: p95 === null ? 'no responses' : `${number(p95)} ms`,
      status: status(p95 !== null && p95 < targets.maxP95Ms),
    },
    {
      name: 'Error rate',
      target: `< ${number(targets.maxErrorRatePct)}%`,
      actual: `${number(aggregate.errorRatePct)}%`,
      status: status(aggregate.requests > 0 && aggregate.errorRatePct < targets.maxErrorRatePct),
    },
    {
      name: 'Success rate',
      target: `> ${number(targets.minSuccessPct)}%`,
      actual: `${number(aggregate.successRatePct)}%`,
      status: status(aggregate.requests > 0 && aggregate.successRatePct > targets.minSuccessPct),
    },
    {
      name: 'Cache hit rate (X-Cache)',
      target: `> ${number(targets.minHitRatePct)}%`,
      // Only when no response passed through the cache (e.g. --endpoints health) is there nothing to judge.
      actual: hitRate === null ? 'no cacheable responses' : `${number(hitRate)}%`,
      status: hitRate === null ? 'N/A' : status(hitRate > targets.minHitRatePct),
    },
  ];
  if (mixed) {
    criteria.push(
      {
        name: 'Stale reads after writes',
        target: '= 0',
        actual: `${mixed.staleReads} of ${mixed.freshnessChecks} checks`,
        status: status(mixed.staleReads === 0),
      },
      {
        name: 'Write errors',
        target: '= 0',
        actual: `${mixed.writes.errors} of ${mixed.writes.total} writes`,
        status: status(mixed.writes.errors === 0),
      },
    );
  }
  return criteria;
}

export function allPassed(criteria: readonly Criterion[]): boolean {
  return criteria.every((criterion) => criterion.status !== 'FAIL');
}
