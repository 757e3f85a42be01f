import { Counter, Gauge, Registry } from 'prom-client';
import type { ReplicaMonitor } from './replica-monitor';

/** Where a read went: `primary` or a replica's name; why (primary) or for what (replica). */
export interface ReadCounter {
  read(target: string, reason: string): void;
}

/**
 * db_reads_total{target,reason}: each read-only query runner, by where it was sent.
 * db_replica_lag_seconds{replica} and db_replica_in_rotation{replica}: read at scrape time
 * from the monitor's last poll, so nothing runs on a timer for them.
 */
export function replicaMetrics(registry: Registry, monitor: ReplicaMonitor): ReadCounter {
  const reads = new Counter({
    name: 'db_reads_total',
    help: 'Read-only query runners by target (primary, or a replica by name) and reason (why the primary; fill or bounded for a replica)',
    labelNames: ['target', 'reason'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'db_replica_lag_seconds',
    help: "How far each read replica is behind the primary, in time (from the primary's WAL positions); absent before the first poll",
    labelNames: ['replica'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const status of monitor.statuses()) if (status.lagMs !== null) this.set({ replica: status.name }, status.lagMs / 1000);
    },
  });
  new Gauge({
    name: 'db_replica_in_rotation',
    help: 'Whether each read replica may serve reads now (1) or not (0: down, lagging, starting, promoted)',
    labelNames: ['replica'] as const,
    registers: [registry],
    collect() {
      for (const status of monitor.statuses()) this.set({ replica: status.name }, status.state === 'in-rotation' ? 1 : 0);
    },
  });
  return { read: (target, reason) => reads.inc({ target, reason }) };
}
