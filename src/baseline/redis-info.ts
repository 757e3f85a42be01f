/** Parses the text of Redis INFO into field -> value (section headers and blanks skipped). */
export function parseRedisInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

/** Keys over all databases, from INFO keyspace lines like `db0:keys=12,expires=3,avg_ttl=0`. */
export function countKeys(fields: Map<string, string>): number {
  let keys = 0;
  for (const [name, value] of fields) {
    if (!/^db\d+$/.test(name)) continue;
    const match = /keys=(\d+)/.exec(value);
    if (match) keys += Number(match[1]);
  }
  return keys;
}
