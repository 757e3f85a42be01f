import { randomInt } from 'node:crypto';

// Crockford's base32 without I, L, O, U: nothing a dispatcher misreads over the phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SUFFIX_LENGTH = 6;

/** A new load reference such as FRT-261125-7K3QZA (date in UTC; ~10^9 suffixes a day). */
export function generateLoadReference(now: Date = new Date(), pick: (max: number) => number = randomInt): string {
  const date = now.toISOString().slice(2, 10).replaceAll('-', '');
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += ALPHABET[pick(ALPHABET.length)];
  return `FRT-${date}-${suffix}`;
}
