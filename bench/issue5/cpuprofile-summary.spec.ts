import { CpuProfile, packageOf, summarise } from './cpuprofile-summary';

describe('packageOf', () => {
  it('names the innermost npm package, scoped ones with their scope', () => {
    expect(packageOf('file:///w/node_modules/fastify/lib/reply.js', 'send')).toBe('fastify');
    expect(packageOf('file:///w/node_modules/@nestjs/core/node_modules/path-to-regexp/x.js', 'f')).toBe('path-to-regexp');
    expect(packageOf('file:///w/node_modules/@nestjs/core/router/x.js', 'f')).toBe('@nestjs/core');
  });

  it("groups Node's own code by module and ours by folder", () => {
    expect(packageOf('node:internal/streams/writable', 'write')).toBe('node:internal/streams');
    expect(packageOf('node:net', 'x')).toBe('node:net');
    expect(packageOf('/work/main/src/cache/response-cache.interceptor.ts', 'intercept')).toBe('app src/cache');
    expect(packageOf('file:///work/main/.data/d/src/main.js', 'bootstrap')).toBe('app src/(root)');
  });

  it("keeps V8's pseudo frames and calls native code without a URL native", () => {
    expect(packageOf('', '(garbage collector)')).toBe('(garbage collector)');
    expect(packageOf('', 'JSONStringify')).toBe('(native)');
  });
});

describe('summarise', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 3, 4] },
      { id: 2, callFrame: { functionName: 'verify', url: 'file:///w/node_modules/jsonwebtoken/verify.js', lineNumber: 9 } },
      { id: 3, callFrame: { functionName: 'list', url: '/w/src/loads/loads.service.ts', lineNumber: 33 } },
      { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    ],
    startTime: 0,
    endTime: 10_000,
    // samples at t = 1000, 2000, ... each 1 ms after the last
    samples: [2, 2, 3, 4, 4, 2, 3, 3, 2, 2],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
  };

  it('adds self time per function and per package, leaving idle time out of the shares', () => {
    const summary = summarise(profile);
    expect(summary.windowMs).toBe(8);
    expect(summary.byFunction).toEqual([
      { name: 'verify jsonwebtoken/verify.js:10', ms: 5, pct: 62.5 },
      { name: 'list src/loads/loads.service.ts:34', ms: 3, pct: 37.5 },
    ]);
    expect(summary.byPackage.map((p) => p.name)).toEqual(['jsonwebtoken', 'app src/loads']);
  });

  it('counts only the samples inside the window', () => {
    // t = 6000..8000: samples 6, 7, 8 -> verify, list, list
    const summary = summarise(profile, 20, 6000, 8000);
    expect(summary.byFunction.map((f) => [f.name.split(' ')[0], f.ms])).toEqual([
      ['list', 2],
      ['verify', 1],
    ]);
  });
});
