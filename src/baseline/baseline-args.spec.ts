import { parseBaselineArgs } from './baseline-args';

describe('parseBaselineArgs', () => {
  it('reads the environment with defaults', () => {
    const parsed = parseBaselineArgs([], { REDIS_URL: 'redis://r:6379', DATABASE_URL: ' ' });
    expect(parsed).toEqual({
      ok: true,
      options: {
        apiUrl: 'http://localhost:4000',
        redisUrl: 'redis://r:6379',
        databaseUrl: undefined,
        outDir: 'reports',
        sampleSeconds: 1,
        timeoutMs: 3000,
      },
    });
  });

  it('takes --out, --sample-seconds and --timeout-ms, and trims a trailing slash off API_URL', () => {
    const parsed = parseBaselineArgs(['--out', '/tmp/r', '--sample-seconds', '0', '--timeout-ms', '500'], { API_URL: 'http://api:4000/' });
    expect(parsed.ok && parsed.options).toMatchObject({ apiUrl: 'http://api:4000', outDir: '/tmp/r', sampleSeconds: 0, timeoutMs: 500 });
  });

  it('refuses unknown flags, missing values, bad numbers and bad URLs', () => {
    expect(parseBaselineArgs(['--nope'], {})).toMatchObject({ ok: false, error: 'Unknown argument "--nope"' });
    expect(parseBaselineArgs(['--out'], {})).toMatchObject({ ok: false, error: '--out needs a value' });
    expect(parseBaselineArgs(['--sample-seconds', 'abc'], {})).toMatchObject({ ok: false });
    expect(parseBaselineArgs(['--timeout-ms', '-5'], {})).toMatchObject({ ok: false });
    expect(parseBaselineArgs([], { API_URL: 'not a url' })).toMatchObject({ ok: false });
    expect(parseBaselineArgs(['--help'], {})).toEqual({ ok: false, help: true });
  });
});
