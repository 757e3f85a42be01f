import type { ScenarioResult } from '../../../test/helpers/chaos/rig';

/** The chaos table: one row per scenario, a failed run shown as such rather than left out. */
export function chaosTable(rows: Array<ScenarioResult | { scenario: string; error: string }>): string {
  const lines = [
    '| Scenario | Operations | Stale reads | Worst read latency (ms) | Seconds to recover | Notes |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    if ('error' in row) {
      lines.push(`| ${row.scenario} | - | - | - | - | did not run: ${row.error.split('\n')[0]} |`);
      continue;
    }
    const recovery = row.recoverySeconds === null ? 'not within 15 s' : row.recoverySeconds.toFixed(2);
    const notes = [...row.notes, ...(row.failures.length > 0 ? [`${row.failures.length} error answers`] : [])].join('; ');
    lines.push(`| ${row.scenario} | ${row.operations} | ${row.staleReads.length} | ${row.worstReadMs} | ${recovery} | ${notes} |`);
  }
  return lines.join('\n');
}
