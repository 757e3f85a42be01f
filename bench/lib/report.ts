import type { ClearingResult } from './clearing';
import type { LoadSummary } from './load';

export interface VariantResult {
  id: string;
  label: string;
  bodyBytes: number;
  sameBytes: boolean;
  runs: LoadSummary[];
}

export interface Ratio {
  connections: number;
  name: string;
  value: number;
  target: number | null;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function xCache(run: LoadSummary): string {
  const entries = Object.entries(run.xCache);
  return entries.length === 1 && entries[0][0] === 'none' ? '-' : entries.map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
}

export function loadTable(variants: VariantResult[]): string {
  const lines = [
    '| variant | connections | req/s | server CPU us/request | p50 ms | p99 ms | max ms | errors | non-2xx | X-Cache | body bytes |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
  ];
  for (const variant of variants) {
    for (const run of variant.runs) {
      lines.push(
        `| ${variant.label} | ${run.connections} | ${fmt(run.rps)} | ${run.cpuUsPerRequest ?? '-'} | ${run.p50Ms} | ${run.p99Ms} | ${run.maxMs} | ${run.errors + run.timeouts} | ${run.non2xx} | ${xCache(run)} | ${fmt(variant.bodyBytes)}${variant.sameBytes ? '' : ' (differs)'} |`,
      );
    }
  }
  return lines.join('\n');
}

export function ratioTable(ratios: Ratio[]): string {
  const lines = ['| connections | ratio | value | target | met |', '| ---: | --- | ---: | ---: | --- |'];
  for (const r of ratios) {
    const met = r.target === null ? '' : r.value >= r.target ? 'yes' : 'NO';
    lines.push(`| ${r.connections} | ${r.name} | ${r.value.toFixed(2)} | ${r.target === null ? '' : `>= ${r.target}`} | ${met} |`);
  }
  return lines.join('\n');
}

export function clearingTable(results: ClearingResult[]): string {
  const lines = [
    '| scenario | keys before | keys after | clear ms | removed | longest Redis command ms | Redis commands > 1 ms | req/s | p99 ms | max ms | errors | non-2xx | X-Cache |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of results) {
    const l = r.load;
    lines.push(
      `| ${r.scenario} | ${fmt(r.keysBefore)} | ${fmt(r.keysAfter)} | ${r.clearMs ?? '-'} | ${r.removed === null ? '-' : fmt(r.removed)} | ${r.redisLongestCommandMs} | ${r.redisSlowCommands} | ${fmt(l.rps)} | ${l.p99Ms} | ${l.maxMs} | ${l.errors + l.timeouts} | ${l.non2xx} | ${xCache(l)} |`,
    );
  }
  return lines.join('\n');
}
