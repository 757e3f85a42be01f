import { parsePrometheusText, selectSamples } from '../../../src/metrics/prometheus-text';
import { httpRequest } from '../http-get';

/**
 * db_reads_total{target,reason} summed over instances' GET /metrics, keyed "target (reason)":
 * where the API sent its read-only query runners. Taken before and after a run, it shows whether
 * a replica side's reads actually went to the replica (a fill reads it only once it has replayed
 * past the invalidating write, so under writes many still go to the primary).
 */
export async function dbReadsByTarget(baseUrls: readonly string[]): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const baseUrl of baseUrls) {
    const response = await httpRequest('GET', `${baseUrl}/metrics`, {});
    if (response.status !== 200) continue;
    for (const sample of selectSamples(parsePrometheusText(response.body.toString()), 'db_reads_total')) {
      const key = `${sample.labels.target ?? '?'} (${sample.labels.reason ?? '?'})`;
      totals[key] = (totals[key] ?? 0) + sample.value;
    }
  }
  return totals;
}

/** after - before, the counters that moved only. */
export function readsDuring(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const moved: Record<string, number> = {};
  for (const key of Object.keys(after).sort()) {
    const delta = after[key] - (before[key] ?? 0);
    if (delta > 0) moved[key] = delta;
  }
  return moved;
}
