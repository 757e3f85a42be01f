import dockerignore from '@balena/dockerignore';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { freePort } from '../src/database/embedded-postgres';
import { createTestDatabase } from './helpers/database';

/**
 * There is no Docker engine here, so this replays docker/Dockerfile by hand, step by step,
 * from the Dockerfile's own instructions: the build context minus .dockerignore, each
 * stage's RUN commands in a directory of its own, the runtime stage's COPY --from lines, its
 * ENV and CMD, run as an unprivileged user. It catches what a text check cannot: a build
 * that needs a file the context drops, or a runtime that needs a dev dependency.
 */
const repo = resolve(__dirname, '..');

interface Stage {
  name: string;
  env: Record<string, string>;
  runs: string[];
  copies: Array<{ from?: string; sources: string[]; target: string }>;
  user?: string;
  cmd?: string[];
}

/** The Dockerfile's stages, with continuation lines joined and comments dropped. */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  for (const line of lines) {
    const [instruction, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    const stage = stages[stages.length - 1];
    switch (instruction.toUpperCase()) {
      case 'FROM':
        stages.push({ name: /\bAS\s+(\S+)/i.exec(args)?.[1] ?? String(stages.length), env: {}, runs: [], copies: [] });
        break;
      case 'ENV':
        for (const match of args.matchAll(/(\w+)=(\S+)/g)) stage.env[match[1]] = match[2];
        break;
      case 'RUN':
        stage.runs.push(args);
        break;
      case 'COPY': {
        const from = /--from=(\S+)/.exec(args)?.[1];
        const paths = args.split(/\s+/).filter((part) => !part.startsWith('--'));
        stage.copies.push({ from, sources: paths.slice(0, -1), target: paths[paths.length - 1] });
        break;
      }
      case 'USER':
        stage.user = args;
        break;
      case 'CMD':
        stage.cmd = JSON.parse(args) as string[];
        break;
      default:
        break;
    }
  }
  return stages;
}

function shell(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    execFile('bash', ['-c', command], { cwd, env, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`"${command}" failed in ${cwd}:\n${stdout}\n${stderr}`));
      else done();
    });
  });
}

/** The build context as Docker would send it: every file .dockerignore does not exclude. */
function copyBuildContext(target: string): string[] {
  const ignore = dockerignore().add(readFileSync(join(repo, '.dockerignore'), 'utf8').split('\n'));
  const sent: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(repo, path);
      if (ignore.ignores(rel)) continue;
      if (entry.isDirectory()) walk(path);
      else {
        mkdirSync(join(target, relative(repo, dir)), { recursive: true });
        cpSync(path, join(target, rel));
        sent.push(rel);
      }
    }
  };
  walk(repo);
  return sent;
}

/**
 * A stage's RUN commands. `npm cache clean` only slims the image; run here, it would empty
 * this machine's npm cache.
 */
function runSteps(stage: Stage): string[] {
  return stage.runs.flatMap((run) => run.split('&&').map((part) => part.trim())).filter((part) => !/^npm cache clean/.test(part));
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<Response> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The image's CMD exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return response;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`No 200 from ${url} within 90 s:\n${output()}`);
}

describe('docker/Dockerfile, replayed without an engine', () => {
  const stages = parseDockerfile(readFileSync(join(repo, 'docker', 'Dockerfile'), 'utf8'));
  const work = mkdtempSync(join(tmpdir(), 'freight-image-'));
  let child: ChildProcess | undefined;
  let database: { url: string; drop: () => Promise<void> } | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
    }
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('builds, installs production dependencies and serves /api/health as a non-root user', async () => {
    const byName = new Map(stages.map((stage) => [stage.name, stage]));
    const build = byName.get('build');
    const deps = byName.get('deps');
    const runtime = stages[stages.length - 1];
    expect(build && deps && runtime.cmd).toBeTruthy();
    if (!build || !deps || !runtime.cmd) return;

    // The context as Docker would send it; each stage then runs in a directory of its own.
    const context = join(work, 'context');
    const sent = copyBuildContext(context);
    expect(sent).toContain('package-lock.json');
    expect(sent.some((file) => file.startsWith('test/'))).toBe(false);
    const dirs: Record<string, string> = {};
    const npmEnv = { ...process.env, npm_config_update_notifier: 'false' };
    for (const stage of [build, deps, runtime]) {
      const dir = join(work, stage.name);
      mkdirSync(dir);
      dirs[stage.name] = dir;
      for (const copy of stage.copies) {
        for (const source of copy.sources) {
          // COPY --from=stage /app/x: the stage's WORKDIR is /app; otherwise a context path.
          const from = copy.from ? join(dirs[copy.from], source.replace(/^\/app\/?/, '')) : join(context, source);
          const to = copy.target.endsWith('/') && source !== '.' ? join(dir, copy.target, source.split('/').pop() ?? '') : join(dir, copy.target);
          cpSync(from, to, { recursive: true });
        }
      }
      if (stage !== runtime) for (const step of runSteps(stage)) await shell(step, dir, { ...npmEnv, ...stage.env });
    }
    const appDir = dirs[runtime.name];
    expect(readdirSync(join(appDir, 'node_modules'))).not.toContain('typescript');

    // Run as the image does: its ENV and CMD, an unprivileged user, a real PostgreSQL.
    chmodSync(work, 0o755);
    database = await createTestDatabase();
    const port = await freePort();
    const asRoot = userInfo().uid === 0;
    let output = '';
    child = spawn(runtime.cmd[0] === 'node' ? process.execPath : runtime.cmd[0], runtime.cmd.slice(1), {
      cwd: appDir,
      env: {
        PATH: process.env.PATH,
        ...runtime.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        JWT_SECRET: randomBytes(48).toString('base64url'),
        LOG_LEVEL: 'warn',
      },
      // USER node in the image; as root here, the stock unprivileged account.
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    expect(runtime.user).toBeDefined();
    expect(runtime.user).not.toBe('root');

    const response = await waitForHealth(`http://127.0.0.1:${port}/api/health`, child, () => output);
    const body = (await response.json()) as { status: string };
    expect(body.status).toBe('ok');
  }, 600_000);
});
