import { ChaosInstance, timedRequest } from './chaos-http';

export type TargetKind = 'driver' | 'load';

/** A row the workload writes: a driver's name or a load's rate, each write a higher version. */
export interface Target {
  kind: TargetKind;
  id: string;
}

/** Versions live in the values themselves, so any body shows which write it reflects. */
const RATE_BASE = 90_000_000;
const NAME = /^Chaos (\d+)$/;
/** One counter per process: versions only grow, across scenarios too. */
let lastVersion = 0;

export function nextVersion(): number {
  return ++lastVersion;
}

export function entityOf(target: Target): string {
  return `${target.kind}:${target.id}`;
}

export function detailPath(target: Target): string {
  return target.kind === 'driver' ? `/api/drivers/${target.id}` : `/api/loads/${target.id}`;
}

/** A list page that holds every target of its kind (rates do not change the order). */
export function listPath(kind: TargetKind): string {
  return kind === 'driver' ? '/api/drivers?limit=50' : '/api/loads?status=posted&limit=4';
}

export function patchFor(target: Target, version: number): { path: string; body: Record<string, unknown> } {
  return target.kind === 'driver'
    ? { path: `/api/drivers/${target.id}`, body: { name: `Chaos ${version}` } }
    : { path: `/api/loads/${target.id}`, body: { rateCents: RATE_BASE + version } };
}

/** The version a row shows (0: a value no chaos write made, the seed's). */
export function versionOf(kind: TargetKind, row: { name?: unknown; rateCents?: unknown }): number {
  if (kind === 'driver') {
    const match = typeof row.name === 'string' ? NAME.exec(row.name) : null;
    return match ? Number(match[1]) : 0;
  }
  return typeof row.rateCents === 'number' && row.rateCents > RATE_BASE ? row.rateCents - RATE_BASE : 0;
}

/** The drivers and the first posted loads, read through one instance. */
export async function discoverTargets(instance: ChaosInstance, token: string): Promise<Target[]> {
  const targets: Target[] = [];
  for (const kind of ['driver', 'load'] as const) {
    const page = await timedRequest('GET', instance.baseUrl + listPath(kind), token);
    if (page.status !== 200) throw new Error(`GET ${listPath(kind)} on ${instance.name}: ${page.status}`);
    const rows = (page.body as { data: Array<{ id: string }> }).data;
    targets.push(...rows.slice(0, 4).map((row) => ({ kind, id: row.id })));
  }
  return targets;
}
