import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { LoadTestReport } from '../load-test/report';

const ROOT = resolve(__dirname, '..', '..');

export interface LoadRunOptions {
  apiUrl: string;
  connections: number;
  durationS: number;
  reportFile: string;
  emails?: string[];
  password?: string;
  endpoints?: string[];
}

/**
 * One `npm run load-test` (bench/load-test.ts) in its own process, with --json. Exit code 1
 * (a criterion failed, e.g. the hit rate with the cache off) is a result, not an error.
 */
export function runLoadTest(options: LoadRunOptions): Promise<LoadTestReport> {
  const args = [
    '-r',
    'ts-node/register/transpile-only',
    'bench/load-test.ts',
    '--connections',
    String(options.connections),
    '--duration',
    String(options.durationS),
    '--json',
    '--report',
    options.reportFile,
  ];
  if (options.emails) args.push('--emails', options.emails.join(','), '--password', options.password ?? '');
  if (options.endpoints) args.push('--endpoints', options.endpoints.join(','));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, API_URL: options.apiUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      if (code !== 0 && code !== 1) return fail(new Error(`load test exited with ${code}: ${err.slice(-2000)}`));
      try {
        done(JSON.parse(out) as LoadTestReport);
      } catch {
        fail(new Error(`load test printed no JSON: ${out.slice(0, 500)} ${err.slice(-1000)}`));
      }
    });
  });
}
