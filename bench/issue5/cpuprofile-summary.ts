/** Aggregates a V8 .cpuprofile (node --cpu-prof) into self time by function and by package. */

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  /** Self time in ms. */
  ms: number;
  /** Share of all sampled time in the window, %. */
  pct: number;
}

export interface ProfileSummary {
  windowMs: number;
  byFunction: SelfTime[];
  byPackage: SelfTime[];
}

/**
 * Which package (or part of the app) a frame belongs to: the last node_modules/<pkg> in its
 * URL, `node:<module>` for Node's own code, `app src/<folder>` for ours, and V8's pseudo frames
 * ((garbage collector), (program), (idle)) as they are.
 */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.split('/node_modules/');
  if (modules.length > 1) {
    const parts = modules[modules.length - 1].split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) {
    const path = url.slice('node:'.length).split('/');
    return `node:${path[0] === 'internal' ? path.slice(0, 2).join('/') : path[0]}`;
  }
  const app = /\/(src|bench|scripts)\/([^/]+)\//.exec(url) ?? /\/(src|bench|scripts)\/()[^/]+$/.exec(url);
  if (app) return `app ${app[1]}/${app[2] || '(root)'}`;
  return url.replace(/^file:\/\//, '');
}

function shortUrl(url: string): string {
  const modules = url.split('/node_modules/');
  if (modules.length > 1) return modules[modules.length - 1];
  return url.replace(/^file:\/\//, '').replace(/^.*?\/(src|bench|scripts)\//, '$1/');
}

/**
 * Self time per frame over the samples whose timestamp falls inside [fromUs, toUs] (profile
 * clock, microseconds; defaults to the whole profile). Idle time is left out of the shares:
 * it is the process waiting, not working.
 */
export function summarise(profile: CpuProfile, top = 20, fromUs = -Infinity, toUs = Infinity): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t < fromUs || t > toUs) continue;
    const node = byId.get(profile.samples[i]);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const fnName = `${functionName || '(anonymous)'}${url ? ` ${shortUrl(url)}:${lineNumber + 1}` : ''}`;
    fn.set(fnName, (fn.get(fnName) ?? 0) + delta);
    const p = packageOf(url, functionName);
    pkg.set(p, (pkg.get(p) ?? 0) + delta);
    total += delta;
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, pct: total ? Math.round((us / total) * 1000) / 10 : 0 }));
  return { windowMs: Math.round(total / 1000), byFunction: rank(fn), byPackage: rank(pkg) };
}
