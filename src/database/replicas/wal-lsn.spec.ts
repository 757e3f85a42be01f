import { formatLsn, parseLsn } from './wal-lsn';
import { endOfInsertedWal } from './wal-position';

describe('WAL positions', () => {
  it('parses pg_lsn text into an ordered bigint and formats it back', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!).toBe(true);
    expect(formatLsn(parseLsn('16/B374D848')!)).toBe('16/B374D848');
  });

  it('reads anything else as no position', () => {
    expect(parseLsn(null)).toBeNull();
    expect(parseLsn('')).toBeNull();
    expect(parseLsn('16-B374D848')).toBeNull();
    expect(parseLsn('123456789/0')).toBeNull();
  });
});

describe('endOfInsertedWal', () => {
  const at = (lsn: string) => endOfInsertedWal({ lsn, block: 8192, segment: String(16 * 1024 * 1024) });

  it('is the insert position inside a page', () => {
    expect(formatLsn(at('0/3000148')!)).toBe('0/3000148');
  });

  it('takes off the page header of an empty page, short or (first page of a segment) long', () => {
    expect(formatLsn(at('0/3002018')!)).toBe('0/3002000');
    expect(formatLsn(at('0/4000028')!)).toBe('0/4000000');
  });
});
