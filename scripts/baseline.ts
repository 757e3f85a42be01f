/**
 * `npm run baseline -- [--out DIR]`: a snapshot of the API's health, process and cache
 * counters, Redis and PostgreSQL, written as DIR/baseline-<timestamp>.json and .md.
 * Each unreachable source is reported plainly and the rest still collected.
 * Exit codes: 0 at least one source answered, 1 none did, 2 bad usage.
 */
import { BASELINE_USAGE, parseBaselineArgs } from '../src/baseline/baseline-args';
import { reachedSources } from '../src/baseline/baseline-report';
import { runBaseline } from '../src/baseline/run-baseline';

async function main(): Promise<number> {
  const parsed = parseBaselineArgs(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    if (parsed.help) {
      console.log(BASELINE_USAGE);
      return 0;
    }
    console.error(`${parsed.error}\n\n${BASELINE_USAGE}`);
    return 2;
  }
  const { report, jsonPath, markdownPath } = await runBaseline(parsed.options);
  for (const [name, result] of Object.entries(report.sources)) {
    if (result.ok) console.log(`ok       ${name}${result.notes?.length ? ` (${result.notes.join('; ')})` : ''}`);
    else console.error(`missing  ${name}: ${result.error}`);
  }
  for (const flag of report.flags) console.log(`flag     ${flag}`);
  console.log(`Wrote ${jsonPath}\nWrote ${markdownPath}`);
  const reached = reachedSources(report);
  if (reached.length === 0) {
    console.error('No source answered: check API_URL, REDIS_URL and DATABASE_URL.');
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
