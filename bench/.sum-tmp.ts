import { readFileSync } from 'node:fs';
import { summarise } from './issue5/cpuprofile-summary';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
// last N seconds of the profile window
const secs = Number(process.argv[3] ?? 14);
const s = summarise(p, Number(process.argv[4] ?? 45), p.endTime - secs * 1e6, p.endTime);
console.log('windowMs', s.windowMs);
for (const r of s.byPackage) console.log(r.pct.toString().padStart(5), r.ms, r.name);
console.log('---');
for (const r of s.byFunction) console.log(r.pct.toString().padStart(5), r.ms, r.name);
