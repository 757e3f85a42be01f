import { ChaosInstance, sleep, timedRequest, TimedResponse } from './chaos-http';
import { StaleReadChecker } from './stale-read-checker';
import { detailPath, entityOf, listPath, nextVersion, patchFor, Target, versionOf } from './targets';

export interface ReadRecord {
  instance: string;
  path: string;
  status: number;
  cache: string;
  startedAt: number;
  ms: number;
}

export interface WriteRecord {
  instance: string;
  path: string;
  status: number;
  startedAt: number;
  ms: number;
}

interface Row {
  id: string;
  name?: unknown;
  rateCents?: unknown;
}

/**
 * Writes through one instance and reads through all, checking every read against the writes
 * acknowledged before it started. Keeps every read and write (a few hundred per scenario) so a
 * scenario can look at what happened during its fault window.
 */
export class ChaosWorkload {
  readonly checker = new StaleReadChecker();
  readonly reads: ReadRecord[] = [];
  readonly writes: WriteRecord[] = [];
  /** Unexpected answers (a non-200 read or write), for the scenario to judge. */
  readonly failures: string[] = [];
  private turn = 0;

  constructor(
    readonly token: string,
    readonly targets: Target[],
  ) {}

  get operations(): number {
    return this.reads.length + this.writes.length;
  }

  worstReadMs(since = 0): number {
    return Math.round(Math.max(0, ...this.reads.filter((r) => r.startedAt >= since).map((r) => r.ms)));
  }

  /** The next target in turn, so writes spread over drivers and loads. */
  nextTarget(): Target {
    return this.targets[this.turn++ % this.targets.length];
  }

  /** One write of a new version; acknowledged (a floor for later reads) only on a 200. */
  async write(via: ChaosInstance, target = this.nextTarget(), version = nextVersion()): Promise<WriteRecord> {
    const patch = patchFor(target, version);
    const startedAt = Date.now();
    const response = await timedRequest('PATCH', via.baseUrl + patch.path, this.token, patch.body);
    const record = { instance: via.name, path: patch.path, status: response.status, startedAt, ms: response.ms };
    this.writes.push(record);
    if (response.status === 200) this.checker.acknowledge(entityOf(target), version);
    else this.failures.push(`PATCH ${patch.path} via ${via.name}: ${response.status} ${response.error ?? ''}`);
    return record;
  }

  /** A write, then the detail and the list of what it changed through every instance. */
  async round(via: ChaosInstance, readers: ChaosInstance[]): Promise<WriteRecord> {
    const target = this.nextTarget();
    const write = await this.write(via, target);
    for (const instance of readers) {
      await this.readDetail(instance, target);
      await this.readList(instance, target.kind);
    }
    return write;
  }

  async readDetail(instance: ChaosInstance, target: Target): Promise<TimedResponse> {
    const entity = entityOf(target);
    const floor = this.checker.floor(entity);
    const response = await this.read(instance, detailPath(target));
    if (response.status === 200) {
      const seen = versionOf(target.kind, response.body as Row);
      this.checker.verify({ instance: instance.name, path: detailPath(target), cache: response.cache }, entity, floor, seen);
    }
    return response;
  }

  async readList(instance: ChaosInstance, kind: Target['kind']): Promise<TimedResponse> {
    const targets = this.targets.filter((t) => t.kind === kind);
    const floors = targets.map((t) => this.checker.floor(entityOf(t)));
    const path = listPath(kind);
    const response = await this.read(instance, path);
    if (response.status !== 200) return response;
    const rows = (response.body as { data: Row[] }).data;
    targets.forEach((target, i) => {
      const row = rows.find((r) => r.id === target.id);
      if (!row) this.failures.push(`${path} via ${instance.name} lacks ${target.id}`);
      else this.checker.verify({ instance: instance.name, path, cache: response.cache }, entityOf(target), floors[i], versionOf(kind, row));
    });
    return response;
  }

  /**
   * Readers in the background, `perInstance` loops on each instance, each a detail and a list
   * then a short pause: the traffic that trips breakers and fills the cache during a fault.
   */
  startReaders(instances: ChaosInstance[], perInstance = 1, pauseMs = 30): { stop(): Promise<void> } {
    let stopped = false;
    const loops = instances.flatMap((instance) =>
      Array.from({ length: perInstance }, async (_, k) => {
        let i = k;
        while (!stopped) {
          const target = this.targets[i++ % this.targets.length];
          await this.readDetail(instance, target);
          if (i % 3 === 0) await this.readList(instance, target.kind);
          await sleep(pauseMs);
        }
      }),
    );
    return {
      stop: async () => {
        stopped = true;
        await Promise.all(loops);
      },
    };
  }

  /**
   * Seconds until every instance answered a detail read with X-Cache: HIT (a miss first stores
   * the entry), or null if one did not within the deadline. Polls; never sleeps blindly.
   */
  async secondsUntilHits(instances: ChaosInstance[], deadlineMs: number, since = Date.now()): Promise<number | null> {
    const target = this.targets[0];
    const results = await Promise.all(
      instances.map(async (instance) => {
        while (Date.now() - since < deadlineMs) {
          if ((await this.readDetail(instance, target)).cache === 'HIT') return true;
          await sleep(50);
        }
        return false;
      }),
    );
    return results.every(Boolean) ? (Date.now() - since) / 1000 : null;
  }

  private async read(instance: ChaosInstance, path: string): Promise<TimedResponse> {
    const startedAt = Date.now();
    const response = await timedRequest('GET', instance.baseUrl + path, this.token);
    this.reads.push({ instance: instance.name, path, status: response.status, cache: response.cache, startedAt, ms: response.ms });
    if (response.status !== 200) this.failures.push(`GET ${path} via ${instance.name}: ${response.status} ${response.error ?? ''}`);
    return response;
  }
}
