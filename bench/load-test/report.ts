import type { EndpointName } from './endpoints';
import type { LatencySummary, Summary } from './stats';
import type { Targets } from './options';

export type WriteKind = 'create' | 'assign' | 'pickup' | 'deliver' | 'markRead';

export const WRITE_KINDS: readonly WriteKind[] = ['create', 'assign', 'pickup', 'deliver', 'markRead'];

export interface WriteKindSummary {
  count: number;
  errors: number;
  latencyMs: LatencySummary;
}

/** Mixed mode: the writes sent among the reads, and whether the read right after each saw it. */
export interface MixedSummary {
  requestedSharePct: number;
  /** Writes over writes plus the load's reads (the freshness reads are not counted). */
  actualWriteSharePct: number;
  lanes: number;
  completedCycles: number;
  writes: { total: number; errors: number; byKind: Record<WriteKind, WriteKindSummary> };
  /** Reads of a changed resource made right after the write's response. */
  freshnessChecks: number;
  staleReads: number;
  /** A read that could not tell (e.g. the notification had left the first page). */
  unverifiable: number;
  /** The first few stale reads and write errors, for the report. */
  problems: string[];
}

export type CriterionStatus = 'PASS' | 'FAIL' | 'N/A';

export interface Criterion {
  name: string;
  target: string;
  actual: string;
  status: CriterionStatus;
}

export interface LoadTestReport {
  tool: 'freight-api load test';
  startedAt: string;
  finishedAt: string;
  config: {
    apiUrl: string;
    connections: number;
    amountPerEndpoint: number | null;
    durationSecondsPerEndpoint: number | null;
    timeoutSeconds: number;
    users: number;
    logins: string[];
    endpoints: EndpointName[];
    mixedShare: number | null;
    targets: Targets;
  };
  endpoints: Summary[];
  aggregate: Summary;
  mixed: MixedSummary | null;
  criteria: Criterion[];
  passed: boolean;
  reportFile: string;
}
