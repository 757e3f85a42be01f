import { mixedFixture, reportFixture } from './fixtures';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('says PASS or FAIL first, then the run, the per-endpoint table with the aggregate, and the criteria', () => {
    const markdown = renderMarkdown(reportFixture());
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('# Load test: PASS');
    expect(markdown).toContain('- 10 connections, 1,000 requests per endpoint, 5 s timeout, endpoints one after another');
    expect(markdown).toContain('- 3 users rotating their tokens: dispatcher@freight.local, dispatcher2@freight.local, driver1@freight.local');
    expect(markdown).toContain(
      '| Endpoint | Requests | 2xx | Non-2xx | Timeouts | Conn. errors | Avg ms | p50 ms | p95 ms | p99 ms | Req/s | Hit rate | HIT / MISS / BYPASS |',
    );
    expect(markdown).toContain('| GET /api/profile | 1,000 | 1,000 | 0 | 0 | 0 | 4.2 | 3.0 | 9.5 | 20.0 | 2,100 | 98.3% | 5,900 / 100 / 0 |');
    expect(markdown).toContain('| GET /api/health | 1,000 | 998 | 2 | 0 | 0 |');
    expect(markdown).toContain('| - | no X-Cache |');
    expect(markdown).toContain('| **All endpoints** | 7,000 | 7,000 |');
    expect(markdown).toContain('| Throughput | >= 500 req/s | 2,100 req/s | PASS |');
    expect(markdown).not.toContain('Mixed mode');
  });

  it('marks a failed criterion in bold and the title FAIL', () => {
    const markdown = renderMarkdown(
      reportFixture({ passed: false, criteria: [{ name: 'p95 latency', target: '< 1,200 ms', actual: '1,500 ms', status: 'FAIL' }] }),
    );
    expect(markdown.startsWith('# Load test: FAIL\n')).toBe(true);
    expect(markdown).toContain('| p95 latency | < 1,200 ms | 1,500 ms | **FAIL** |');
  });

  it('describes a duration run', () => {
    const report = reportFixture();
    report.config.amountPerEndpoint = null;
    report.config.durationSecondsPerEndpoint = 10;
    expect(renderMarkdown(report)).toContain('- 10 connections, 10 s per endpoint, 5 s timeout');
  });

  it('adds the mixed-mode writes, their latencies, the stale reads and the first problems', () => {
    const report = reportFixture({
      mixed: mixedFixture({ staleReads: 1, problems: ['stale read: GET /api/shipments/x after assign: 200 status posted'] }),
    });
    report.config.mixedShare = 0.1;
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('- Mode: mixed, 10.0% writes');
    expect(markdown).toContain('## Mixed mode: writes and freshness');
    expect(markdown).toContain(
      '- Writes: 150 (9.8% of requests; asked for 10.0%), 0 failed; 2 write lanes completed 30 create-assign-pickup-deliver cycles',
    );
    expect(markdown).toContain('- Stale reads: **1** of 210 reads made right after a write');
    expect(markdown).toContain('| assign | 30 | 0 | 12.0 | 10.0 | 30.0 | 40.0 |');
    expect(markdown).toContain('- stale read: GET /api/shipments/x after assign: 200 status posted');
  });
});
