import { readFileSync } from 'node:fs';

/** Resident set size of a process in MB, from /proc (Linux), or null once it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

export interface RssSample {
  beforeMb: number | null;
  peakMb: number | null;
  afterMb: number | null;
}

/** Samples a process' RSS every intervalMs while `work` runs: before, peak during, and after. */
export async function sampleRss<T>(pid: number, work: () => Promise<T>, intervalMs = 200): Promise<{ result: T; rss: RssSample }> {
  const beforeMb = rssMb(pid);
  let peakMb = beforeMb;
  const timer = setInterval(() => {
    const now = rssMb(pid);
    if (now !== null && (peakMb === null || now > peakMb)) peakMb = now;
  }, intervalMs);
  try {
    const result = await work();
    return { result, rss: { beforeMb, peakMb, afterMb: rssMb(pid) } };
  } finally {
    clearInterval(timer);
  }
}
