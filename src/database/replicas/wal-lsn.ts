/**
 * PostgreSQL WAL positions (pg_lsn, written "16/B374D848": the high and low 32 bits in hex) as
 * bigints, so positions from different servers of one cluster compare exactly.
 */
const LSN = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/** The position, or null for text that is not a pg_lsn (null from pg_last_wal_replay_lsn() included). */
export function parseLsn(text: string | null | undefined): bigint | null {
  if (!text) return null;
  const match = LSN.exec(text.trim());
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}
