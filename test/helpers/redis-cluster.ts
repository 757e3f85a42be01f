import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../src/database/embedded-postgres';

const run = promisify(execFile);

export interface TestRedisCluster {
  /** One node's URL: the app discovers the rest. */
  url: string;
  ports: number[];
  /** SIGSTOP one node (by port): it keeps its connections but answers nothing. */
  freeze(port: number): void;
  /** SIGCONT: it answers again, queued commands first. */
  thaw(port: number): void;
  stop(): Promise<void>;
}

/** A throwaway three-master Redis Cluster from Debian's redis-server and redis-cli. */
export async function startTestRedisCluster(): Promise<TestRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'freight-redis-cluster-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const nodes: ChildProcess[] = [];
  for (const port of ports) {
    const node = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    nodes.push(node);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server (cluster) did not start on ${port}`)), 10_000);
      node.on('error', (error) => reject(new Error(`redis-server could not start (${error.message}); apt-get install redis-server`)));
      node.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }
  await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
  const deadline = Date.now() + 15_000;
  for (const port of ports) {
    for (;;) {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
      if (stdout.includes('cluster_state:ok')) break;
      if (Date.now() > deadline) throw new Error(`cluster not ok on ${port}: ${stdout}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url: `redis://127.0.0.1:${ports[0]}`,
    ports,
    freeze: (port) => nodes[ports.indexOf(port)].kill('SIGSTOP'),
    thaw: (port) => nodes[ports.indexOf(port)].kill('SIGCONT'),
    async stop() {
      await Promise.all(
        nodes.map((node) =>
          node.exitCode !== null
            ? Promise.resolve()
            : new Promise((r) => {
                node.once('exit', r);
                node.kill('SIGCONT');
                node.kill('SIGKILL');
              }),
        ),
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
