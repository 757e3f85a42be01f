import { DEFAULT_SEED_COUNTS, parseSeedFlags } from './seed-flags';

describe('parseSeedFlags', () => {
  it('reads all three counts in both spellings', () => {
    expect(parseSeedFlags(['--loads', '1000000', '--drivers=2000', '--users', '40'])).toEqual({
      ok: true,
      counts: { loads: 1_000_000, drivers: 2_000, users: 40 },
    });
  });

  it('falls back to the defaults for flags not given', () => {
    expect(parseSeedFlags(['--loads', '10'])).toEqual({ ok: true, counts: { ...DEFAULT_SEED_COUNTS, loads: 10 } });
  });

  it('asks for help', () => {
    expect(parseSeedFlags(['--help'])).toEqual({ ok: false, help: true });
  });

  it.each([
    [['--loads', '0'], '--loads must be a whole number from 1 to 20000000, got "0"'],
    [['--loads', '-5'], '--loads must be a whole number from 1 to 20000000, got "-5"'],
    [['--drivers', '2.5'], '--drivers must be a whole number from 1 to 1000000, got "2.5"'],
    [['--users', 'ten'], '--users must be a whole number from 1 to 1000000, got "ten"'],
    [['--users', '1e3'], '--users must be a whole number from 1 to 1000000, got "1e3"'],
    [['--loads', '99999999999'], '--loads must be a whole number from 1 to 20000000, got "99999999999"'],
    [['--loads'], '--loads needs a value'],
    [['--trucks', '4'], 'Unknown argument "--trucks"'],
    [['5'], 'Unknown argument "5"'],
  ])('rejects %j', (argv, error) => {
    expect(parseSeedFlags(argv)).toEqual({ ok: false, help: false, error });
  });
});
