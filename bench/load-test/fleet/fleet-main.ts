import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { LoginFailed } from '../sessions';
import { FleetSetupError } from './accounts';
import { renderFleetMarkdown } from './fleet-markdown';
import { FLEET_USAGE, parseFleetArgs } from './fleet-options';
import { runFleet } from './fleet-run';

/** `npm run load-test -- --scenario fleet ...`: 0 passed, 1 errors or stale reads, 2 usage or setup. */
export async function fleetMain(argv: readonly string[], env: Record<string, string | undefined>): Promise<number> {
  const parsed = parseFleetArgs(argv, env);
  if (!parsed.ok) {
    if (parsed.help) {
      process.stdout.write(`${FLEET_USAGE}\n`);
      return 0;
    }
    process.stderr.write(`${parsed.error}\n\n${FLEET_USAGE}\n`);
    return 2;
  }
  const options = parsed.options;
  // With --json, stdout carries the JSON and nothing else; progress notes go to stderr on a terminal.
  const onTerminal = Boolean(process.stdout.isTTY && process.stderr.isTTY);
  const log = (line: string) => {
    if (onTerminal || !options.json) process.stderr.write(`[fleet] ${line}\n`);
  };
  let report;
  try {
    report = await runFleet(options, log);
  } catch (error) {
    if (error instanceof FleetSetupError || error instanceof LoginFailed) {
      process.stderr.write(`load test: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const markdown = renderFleetMarkdown(report);
  mkdirSync(dirname(report.reportFile), { recursive: true });
  writeFileSync(report.reportFile, markdown);
  const output = options.json ? `${JSON.stringify(report, null, 2)}\n` : `${markdown}\nReport written to ${report.reportFile}\n`;
  await new Promise<void>((done) => process.stdout.write(output, () => done()));
  return report.passed ? 0 : 1;
}
