import type { ChaosInstance } from './chaos-http';
import type { StaleRead } from './stale-read-checker';

export interface RunningInstance extends ChaosInstance {
  stop(): Promise<void>;
}

/** An instance in its own process, so it can die mid-write as a crashed server does. */
export interface KillableInstance extends RunningInstance {
  /** SIGKILL; resolves once the process is gone (its sockets closed by the kernel). */
  kill(): Promise<void>;
}

/**
 * What a scenario needs from where it runs: the test starts instances in its own process
 * (fast), `npm run chaos` as child processes (as deployed). Both share one database, already
 * migrated and seeded; each scenario starts its own redis-server.
 */
export interface ChaosRig {
  databaseUrl: string;
  /** A dispatcher's token (every instance shares the JWT secret). */
  token: string;
  start(name: string, env: Record<string, string>): Promise<RunningInstance>;
  startKillable(name: string, env: Record<string, string>): Promise<KillableInstance>;
  log(line: string): void;
}

/** What every scenario reports: the columns of the chaos table. */
export interface ScenarioResult {
  scenario: string;
  operations: number;
  staleReads: StaleRead[];
  /** Unexpected answers: a read or write that was not a 200 when it should have been. */
  failures: string[];
  worstReadMs: number;
  /** From the end of the fault until every instance served a HIT again; null: not in time. */
  recoverySeconds: number | null;
  notes: string[];
}

/** How long a scenario waits for recovery before calling it a failure: generous, for CI. */
export const RECOVERY_DEADLINE_MS = 15_000;

/** What a scenario started, released last first whatever fails (a scenario's finally). */
export class Resources {
  private readonly releases: Array<() => Promise<unknown>> = [];

  add<T>(resource: T, release: (resource: T) => Promise<unknown>): T {
    this.releases.push(() => release(resource));
    return resource;
  }

  async release(): Promise<void> {
    for (const release of this.releases.splice(0).reverse()) await release().catch(() => undefined);
  }
}
