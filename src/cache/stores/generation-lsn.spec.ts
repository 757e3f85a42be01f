import { parseLsn } from '../../database/replicas/wal-lsn';
import { requiredWalPosition, walPositionOf, withWalPosition } from './generation-lsn';

describe('WAL positions in generation values', () => {
  it('reads back the position attached to a generation', () => {
    const generation = withWalPosition('aB3-x_9.2', '16/B374D848');
    expect(generation).toBe('aB3-x_9.2@16/B374D848');
    expect(walPositionOf(generation)).toBe(parseLsn('16/B374D848'));
    expect(walPositionOf('aB3-x_9.2')).toBeNull();
  });

  it('keeps the entry header format: no comma or newline in a marked generation', () => {
    expect(withWalPosition('t.1', '0/3000148')).not.toMatch(/[,\n]/);
  });

  it('requires the highest position of the entry, and none at all (primary) when one generation has none', () => {
    expect(requiredWalPosition(['a.1@0/3000148', 'a.2@1/10', 'b.1@0/FFFFFFFF'])).toBe(parseLsn('1/10'));
    expect(requiredWalPosition(['a.1@0/3000148', 'fresh.1'])).toBeNull();
    expect(requiredWalPosition([])).toBeNull();
  });
});
