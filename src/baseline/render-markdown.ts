import { BaselineReport, reachedSources } from './baseline-report';

const pct = (share: number | null) => (share === null ? 'n/a' : `${(share * 100).toFixed(1)}%`);
const num = (value: number | null | undefined, digits = 0) => (value === null || value === undefined ? 'n/a' : value.toFixed(digits));

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'n/a';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** Table cells: pipes and newlines would break the Markdown table. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function unavailable(error: string): string[] {
  return [`> **Not collected:** ${error}`];
}

function notes(list: string[] | undefined): string[] {
  return list?.length ? ['', ...list.map((n) => `> Note: ${n}`)] : [];
}

/** The readable report: one section per source, each saying plainly when it was unreachable. */
export function renderMarkdown(report: BaselineReport): string {
  const { health, metrics, redis, postgres } = report.sources;
  const reached = reachedSources(report);
  const out: string[] = [
    `# Baseline report`,
    '',
    `Generated ${report.generatedAt}. Sources reached: ${reached.length ? reached.join(', ') : 'none'} (of health, metrics, redis, postgres).`,
    '',
    '## Red flags',
    '',
    ...(report.flags.length
      ? report.flags.map((f) => `- ${f}`)
      : [reached.length ? 'None of the red flags checked here is raised.' : 'No source answered, so nothing could be checked.']),
    '',
    '## API health',
    '',
  ];
  if (health.ok) {
    out.push(`${health.data.healthy ? 'Healthy' : 'UNHEALTHY'}: \`GET ${health.data.url}\` answered ${health.data.status}.`, '');
    out.push('```json', JSON.stringify(health.data.body, null, 2), '```');
  } else out.push(...unavailable(health.error));

  out.push('', '## API process and response cache (from /metrics)', '');
  if (metrics.ok) {
    const m = metrics.data;
    out.push(
      ...table(
        ['measure', 'value'],
        [
          ['CPU seconds since start', num(m.cpuSecondsTotal, 2)],
          [`CPU over a ${m.sampleSeconds} s sample (share of one core)`, pct(m.cpuCoreShare)],
          ['Uptime', m.uptimeSeconds === null ? 'n/a' : `${num(m.uptimeSeconds)} s`],
          ['Resident memory', formatBytes(m.residentMemoryBytes)],
          ['Heap used', formatBytes(m.heapUsedBytes)],
          ['HTTP requests since start', num(m.httpRequestsTotal)],
          ['5xx responses since start', num(m.http5xxTotal)],
          ['Cache hits / misses / bypasses', `${m.cache.hits} / ${m.cache.misses} / ${m.cache.bypasses}`],
          ['Cache hit rate (hits / (hits + misses))', pct(m.cache.hitRate)],
          [
            'DB pool active / idle / waiting / max',
            `${num(m.dbPool.active)} / ${num(m.dbPool.idle)} / ${num(m.dbPool.waiting)} / ${num(m.dbPool.max)}`,
          ],
        ],
      ),
    );
    if (m.cache.byRoute.length) {
      out.push(
        '',
        'Cache by route:',
        '',
        ...table(
          ['route', 'hits', 'misses', 'bypasses', 'hit rate'],
          m.cache.byRoute.map((r) => [r.route, String(r.hits), String(r.misses), String(r.bypasses), pct(r.hitRate)]),
        ),
      );
    }
  } else out.push(...unavailable(metrics.error));

  out.push('', '## Redis', '');
  if (redis.ok) {
    const r = redis.data;
    out.push(
      `\`${r.url}\`, Redis ${r.version ?? '?'}.`,
      '',
      ...table(
        ['measure', 'value'],
        [
          ['Keyspace hits / misses', `${r.keyspaceHits} / ${r.keyspaceMisses}`],
          ['Hit rate (keyspace_hits / (hits + misses))', pct(r.hitRate)],
          ['Used memory', `${formatBytes(r.usedMemoryBytes)}${r.usedMemoryHuman ? ` (${r.usedMemoryHuman})` : ''}`],
          ['maxmemory', r.maxMemoryBytes ? formatBytes(r.maxMemoryBytes) : 'no limit (0)'],
          ['Used share of maxmemory', pct(r.memoryUsedShare)],
          ['Eviction policy', r.maxMemoryPolicy ?? 'n/a'],
          ['Evicted keys', String(r.evictedKeys)],
          ['Keys', String(r.keys)],
          ['Connected clients', num(r.connectedClients)],
        ],
      ),
      ...notes(redis.notes),
    );
  } else out.push(...unavailable(redis.error));

  out.push('', '## PostgreSQL', '');
  if (postgres.ok) {
    const p = postgres.data;
    out.push(
      `\`${p.url}\`, database \`${p.database}\`: ${p.version.split(',')[0]}.`,
      '',
      '### Slowest statements (pg_stat_statements, by mean time)',
      '',
    );
    if (p.pgStatStatements.available) {
      out.push(
        ...(p.pgStatStatements.top.length
          ? table(
              ['mean ms', 'calls', 'total ms', 'rows', 'query'],
              p.pgStatStatements.top.map((q) => [q.meanMs.toFixed(2), String(q.calls), q.totalMs.toFixed(1), String(q.rows), q.query.slice(0, 200)]),
            )
          : ['No statements recorded yet.']),
      );
    } else out.push(`> Not available: ${p.pgStatStatements.reason}`);
    out.push('', '### Sequential vs index scans per table', '');
    out.push(
      ...(p.tables.length
        ? table(
            ['table', 'seq scans', 'index scans', 'live rows', 'seq share'],
            p.tables.map((t) => [t.table, String(t.seqScan), String(t.idxScan), String(t.liveRows), pct(t.seqShare)]),
          )
        : ['No user tables.']),
    );
    out.push('', `### Connections by state (max_connections ${num(p.maxConnections)})`, '');
    out.push(
      ...table(
        ['state', 'connections'],
        p.connections.map((c) => [c.state, String(c.count)]),
      ),
    );
  } else out.push(...unavailable(postgres.error));

  out.push('');
  return out.join('\n');
}
