import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BaselineOptions } from './baseline-args';
import { BaselineReport } from './baseline-report';
import { collectApiMetrics, collectHealth } from './collect-api';
import { collectPostgres } from './collect-postgres';
import { collectRedis } from './collect-redis';
import { findRedFlags } from './red-flags';
import { renderMarkdown } from './render-markdown';

export interface BaselineRun {
  report: BaselineReport;
  jsonPath: string;
  markdownPath: string;
}

/** Collects every source at once (each fails on its own), then writes the JSON and Markdown. */
export async function runBaseline(options: BaselineOptions, now: Date = new Date()): Promise<BaselineRun> {
  const [health, metrics, redis, postgres] = await Promise.all([
    collectHealth(options.apiUrl, options.timeoutMs),
    collectApiMetrics(options.apiUrl, options.timeoutMs, options.sampleSeconds),
    collectRedis(options.redisUrl, options.timeoutMs),
    collectPostgres(options.databaseUrl, options.timeoutMs),
  ]);
  const sources = { health, metrics, redis, postgres };
  const report: BaselineReport = { generatedAt: now.toISOString(), sources, flags: findRedFlags(sources) };

  await mkdir(options.outDir, { recursive: true });
  const stamp = report.generatedAt.replace(/[:.]/g, '-');
  const jsonPath = join(options.outDir, `baseline-${stamp}.json`);
  const markdownPath = join(options.outDir, `baseline-${stamp}.md`);
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(markdownPath, renderMarkdown(report));
  return { report, jsonPath, markdownPath };
}
