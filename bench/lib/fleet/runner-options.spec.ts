import { parseFleetArgs } from '../../load-test/fleet/fleet-options';
import { fleetPassThrough, parseRunnerArgs, runnerCommandLine, sidesFor } from './runner-options';

describe('bench:fleet options', () => {
  it('defaults to the cache comparison with the command line it always printed', () => {
    const options = parseRunnerArgs([]);
    expect(options).toEqual({ compare: 'cache', durationSeconds: 60, loads: 100_000, drivers: 300, seed: 1 });
    if (options === 'help') throw new Error('help');
    expect(runnerCommandLine(options)).toBe('npm run bench:fleet -- --duration 60 --loads 100000 --drivers 300 --seed 1');
    expect(fleetPassThrough(options)).toEqual([]);
  });

  it('takes the comparison and the dispatchers to pass through to the fleet', () => {
    const options = parseRunnerArgs(['--compare', 'instances', '--duration', '45', '--dispatchers', '40', '--dispatcher-interval', '20']);
    if (options === 'help') throw new Error('help');
    expect(options).toMatchObject({ compare: 'instances', durationSeconds: 45, dispatchers: 40, dispatcherIntervalMs: 20 });
    expect(runnerCommandLine(options)).toBe(
      'npm run bench:fleet -- --compare instances --duration 45 --loads 100000 --drivers 300 --seed 1 --dispatchers 40 --dispatcher-interval 20',
    );
    const fleet = parseFleetArgs(fleetPassThrough(options));
    expect(fleet.ok && [fleet.options.dispatchers, fleet.options.dispatcherIntervalMs]).toEqual([40, 20]);
  });

  it('refuses what it cannot run, naming the flag', () => {
    expect(() => parseRunnerArgs(['--compare', 'nodes'])).toThrow('--compare must be one of cache, instances, replica, got "nodes"');
    expect(() => parseRunnerArgs(['--dispatchers', '0'])).toThrow('--dispatchers needs a positive number');
    expect(() => parseRunnerArgs(['--dispatcher-interval'])).toThrow('--dispatcher-interval needs a positive number');
    expect(() => parseRunnerArgs(['--drivers', '10'])).toThrow('--drivers must be at least 50');
    expect(() => parseRunnerArgs(['--bogus', '1'])).toThrow('unknown flag --bogus');
    expect(parseRunnerArgs(['--help'])).toBe('help');
  });

  it('puts exactly one difference between the two sides, named in their labels', () => {
    expect(sidesFor('cache').map((s) => [s.label, s.cacheEnabled, s.instances, s.replica])).toEqual([
      ['cache on', true, 1, false],
      ['cache off', false, 1, false],
    ]);
    expect(sidesFor('instances').map((s) => [s.label, s.cacheEnabled, s.instances, s.replica])).toEqual([
      ['1 instance', true, 1, false],
      ['2 instances', true, 2, false],
    ]);
    expect(sidesFor('replica').map((s) => [s.label, s.cacheEnabled, s.instances, s.replica])).toEqual([
      ['primary', true, 1, false],
      ['primary + replica', true, 1, true],
    ]);
  });
});
