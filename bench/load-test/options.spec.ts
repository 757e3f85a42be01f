import { DEFAULT_API_URL, DEFAULT_TARGETS, expandEmails, parseArgs, pickLogins } from './options';

const ok = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parseArgs(argv, env);
  if (!parsed.ok) throw new Error(`expected options, got ${parsed.error}`);
  return parsed.options;
};
const error = (argv: string[]) => {
  const parsed = parseArgs(argv);
  if (parsed.ok) throw new Error('expected a usage error');
  return parsed.error;
};

describe('parseArgs', () => {
  it("defaults to the original's run: 10 connections, 1,000 requests per endpoint, 5 s timeout, all seven endpoints", () => {
    const options = ok([]);
    expect(options).toMatchObject({
      apiUrl: DEFAULT_API_URL,
      connections: 10,
      amount: 1000,
      durationSeconds: undefined,
      timeoutSeconds: 5,
      users: undefined,
      json: false,
      mixedShare: undefined,
      targets: DEFAULT_TARGETS,
    });
    expect(options.endpoints).toEqual(['shipments', 'drivers', 'routes', 'analytics', 'notifications', 'profile', 'health']);
  });

  it('takes API_URL from the environment, without a trailing slash', () => {
    expect(ok([], { API_URL: 'http://10.0.0.5:4100/' }).apiUrl).toBe('http://10.0.0.5:4100');
  });

  it('reads every option in both --flag value and --flag=value forms', () => {
    const options = ok([
      '--connections=100',
      '--duration',
      '2.5',
      '--timeout=10',
      '--users',
      '3',
      '--endpoints',
      'profile, health,profile',
      '--json',
      '--report',
      'out/run.md',
      '--mixed=0.1',
      '--write-lanes',
      '3',
      '--min-rps',
      '1000',
      '--max-p95=250',
      '--max-error-rate',
      '0.5',
      '--min-success',
      '99',
      '--min-hit-rate',
      '80',
    ]);
    expect(options).toMatchObject({
      connections: 100,
      durationSeconds: 2.5,
      timeoutSeconds: 10,
      users: 3,
      endpoints: ['profile', 'health'],
      json: true,
      reportFile: 'out/run.md',
      mixedShare: 0.1,
      writeLanes: 3,
      targets: { minRps: 1000, maxP95Ms: 250, maxErrorRatePct: 0.5, minSuccessPct: 99, minHitRatePct: 80 },
    });
  });

  it.each([
    [['--connections', '0'], '--connections must be between 1 and 10000, got 0'],
    [['--amount', 'lots'], '--amount must be a whole number, got "lots"'],
    [['--amount', '5'], '--amount (5) must be at least --connections (10)'],
    [['--amount', '100', '--duration', '5'], 'give either --amount or --duration, not both'],
    [['--duration', '0'], '--duration must be above 0 and at most 86400, got 0'],
    [['--mixed', '1'], '--mixed must be above 0 and at most 0.9, got 1'],
    [['--mixed', '-0.1'], '--mixed must be a number, got "-0.1"'],
    [['--endpoints', 'shipments,loads'], '--endpoints: unknown loads (known: shipments, drivers, routes, analytics, notifications, profile, health)'],
    [['--min-rps'], '--min-rps needs a value'],
    [['--min-rps', '1', '--min-rps', '2'], '--min-rps is given twice'],
    [['--verbose'], 'unknown option --verbose'],
    [['--json=yes'], '--json takes no value'],
    [['fast'], 'unexpected argument "fast"'],
    [['--password', 'x'], '--password goes with --emails'],
    [['--max-error-rate', '101'], '--max-error-rate must be at least 0 and at most 100, got 101'],
  ])('refuses %j', (argv, message) => {
    expect(error(argv)).toBe(message);
  });

  it('refuses an API_URL that is not http(s)', () => {
    const parsed = parseArgs([], { API_URL: 'localhost:4000' });
    expect(parsed).toEqual({ ok: false, help: false, error: 'API_URL must be an http(s) URL, got "localhost:4000"' });
  });

  it('answers --help with the usage rather than a run', () => {
    expect(parseArgs(['--amount', '50', '--help'])).toEqual({ ok: false, help: true });
  });
});

describe('expandEmails', () => {
  it('expands zero-padded ranges and interleaves the items, so a few logins already mix roles', () => {
    expect(expandEmails('dispatcher-{0000001..0000003}@t.bulk.freight.local,driver-{0000000..0000001}@t.bulk.freight.local')).toEqual([
      'dispatcher-0000001@t.bulk.freight.local',
      'driver-0000000@t.bulk.freight.local',
      'dispatcher-0000002@t.bulk.freight.local',
      'driver-0000001@t.bulk.freight.local',
      'dispatcher-0000003@t.bulk.freight.local',
    ]);
  });

  it('keeps unpadded ranges unpadded and plain addresses as they are, each once', () => {
    expect(expandEmails('u{8..10}@x.io, a@x.io,a@x.io')).toEqual(['u8@x.io', 'a@x.io', 'u9@x.io', 'u10@x.io']);
  });

  it('refuses backwards ranges and things that are not addresses', () => {
    expect(parseArgs(['--emails', 'u{3..1}@x.io'])).toMatchObject({ error: '--emails range {3..1} runs backwards' });
    expect(parseArgs(['--emails', 'nobody'])).toMatchObject({ error: '--emails: "nobody" is not an email address' });
    expect(parseArgs(['--emails', ' , '])).toMatchObject({ error: '--emails needs at least one email address' });
  });
});

describe('pickLogins', () => {
  it('takes the pool in order and wraps around when more users are asked for', () => {
    expect(pickLogins(['a', 'b', 'c'], 2)).toEqual(['a', 'b']);
    expect(pickLogins(['a', 'b'], 5)).toEqual(['a', 'b', 'a', 'b', 'a']);
    expect(pickLogins(['a', 'b'], undefined)).toEqual(['a', 'b']);
  });
});
