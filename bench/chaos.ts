/**
 * npm run chaos: the five cache faults of test/cache-faults.e2e-spec.ts against running
 * instances (child processes), timed, as a Markdown table. `npm run chaos -- --help`.
 */
import 'reflect-metadata';
import { startInfra } from './lib/infra';
import { childRig } from './lib/chaos/child-rig';
import { chaosTable } from './lib/chaos/markdown';
import { parseChaosArgs, USAGE } from './lib/chaos/options';
import type { ScenarioResult } from '../test/helpers/chaos/rig';
import { SCENARIOS } from '../test/helpers/chaos/scenarios';

const log = (line: string) => process.stderr.write(`[chaos] ${line}\n`);

async function main(): Promise<number> {
  const options = parseChaosArgs(process.argv.slice(2));
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const infra = await startInfra(log);
  const rows: Array<ScenarioResult | { scenario: string; error: string }> = [];
  try {
    const rig = await childRig(infra, log);
    for (const id of options.only) {
      log(`${id}...`);
      const started = Date.now();
      try {
        const result = await SCENARIOS[id](rig, { rounds: options.rounds, faultMs: options.faultMs });
        rows.push(result);
        log(
          `${id}: ${result.staleReads.length} stale reads, ${result.failures.length} error answers (${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
        for (const stale of result.staleReads) log(`  STALE ${JSON.stringify(stale)}`);
        for (const failure of result.failures.slice(0, 10)) log(`  ERROR ${failure}`);
      } catch (error) {
        rows.push({ scenario: id, error: (error as Error).message });
        log(`${id} did not run: ${(error as Error).stack ?? String(error)}`);
      }
    }
  } finally {
    await infra.stop();
  }
  console.log(chaosTable(rows));
  const results = rows.filter((row): row is ScenarioResult => !('error' in row));
  if (results.some((r) => r.staleReads.length > 0)) return 1;
  if (results.length < rows.length || results.some((r) => r.failures.length > 0 || r.recoverySeconds === null)) return 2;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
