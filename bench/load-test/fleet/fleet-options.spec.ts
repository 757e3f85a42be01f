import { FLEET_DEFAULTS, fleetCommandLine, parseFleetArgs } from './fleet-options';

describe('parseFleetArgs', () => {
  it("defaults to issue 11's fleet, the API and database from the environment", () => {
    const parsed = parseFleetArgs([], { API_URL: 'http://api:4000/', DATABASE_URL: 'postgres://db/freight' });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.options).toMatchObject({
      ...FLEET_DEFAULTS,
      apiUrl: 'http://api:4000',
      databaseUrl: 'postgres://db/freight',
      dispatcherEmails: undefined,
      json: false,
    });
    expect(parsed.options.dispatchers * (1000 / parsed.options.dispatcherIntervalMs)).toBe(64);
    expect(parsed.options.drivers * (1000 / parsed.options.locationIntervalMs)).toBe(25);
  });

  it('takes every figure as an option, and the flags override the environment', () => {
    const parsed = parseFleetArgs(
      ['--api-url', 'http://x:1', '--database-url=postgres://y/z', '--duration', '2.5', '--drivers', '4', '--write-rate', '3', '--json'],
      { API_URL: 'http://ignored:1' },
    );
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.options).toMatchObject({
      apiUrl: 'http://x:1',
      databaseUrl: 'postgres://y/z',
      durationSeconds: 2.5,
      drivers: 4,
      writesPerSecond: 3,
      json: true,
    });
  });

  it('takes a comma-separated list of API URLs, in order, and keeps one URL exactly as before', () => {
    const one = parseFleetArgs(['--api-url', 'http://a:1/']);
    if (!one.ok) throw new Error(one.error);
    expect(one.options).toMatchObject({ apiUrl: 'http://a:1', apiUrls: ['http://a:1'] });
    expect(fleetCommandLine(one.options)).toContain('--api-url http://a:1 ');

    const two = parseFleetArgs(['--api-url', 'http://a:1/, http://b:2']);
    if (!two.ok) throw new Error(two.error);
    expect(two.options).toMatchObject({ apiUrl: 'http://a:1,http://b:2', apiUrls: ['http://a:1', 'http://b:2'] });
    expect(fleetCommandLine(two.options)).toContain('--api-url http://a:1,http://b:2 ');

    const fromEnv = parseFleetArgs([], { API_URL: 'http://a:1,http://b:2' });
    expect(fromEnv.ok && fromEnv.options.apiUrls).toEqual(['http://a:1', 'http://b:2']);
  });

  it('expands login ranges and keeps them as written for the command line', () => {
    const parsed = parseFleetArgs(['--dispatcher-emails', 'd-{1..3}@x.local', '--driver-emails', 'r-{08..10}@x.local', '--password', 'pw']);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.options.dispatcherEmails).toEqual(['d-1@x.local', 'd-2@x.local', 'd-3@x.local']);
    expect(parsed.options.driverEmails).toEqual(['r-08@x.local', 'r-09@x.local', 'r-10@x.local']);
    expect(fleetCommandLine(parsed.options)).toContain("--driver-emails 'r-{08..10}@x.local' --password pw");
  });

  it('refuses what it cannot run, naming the flag', () => {
    const error = (argv: string[]) => {
      const parsed = parseFleetArgs(argv);
      return parsed.ok ? undefined : parsed.error;
    };
    expect(error(['--drivers', 'many'])).toBe('--drivers must be a whole number, got "many"');
    expect(error(['--duration', '0'])).toBe('--duration must be between 1 and 86400, got 0');
    expect(error(['--bogus', '1'])).toBe('unknown option --bogus');
    expect(error(['--driver-emails', 'a@b.c'])).toBe('--password is needed with --*-emails');
    expect(error(['--password', 'x'])).toBe('--password goes with --dispatcher-emails or --driver-emails');
    expect(error(['--api-url', 'ftp://x'])).toBe('--api-url must be an http(s) URL, got "ftp://x"');
    expect(error(['--api-url', 'http://a:1,'])).toBe('--api-url must be an http(s) URL, got ""');
    expect(error(['--api-url', 'http://a:1,ftp://b'])).toBe('--api-url must be an http(s) URL, got "ftp://b"');
    expect(error(['--api-url', 'http://a:1,http://a:1/'])).toBe('--api-url lists a URL twice, got "http://a:1,http://a:1/"');
    expect(parseFleetArgs(['--help'])).toEqual({ ok: false, help: true });
  });
});
