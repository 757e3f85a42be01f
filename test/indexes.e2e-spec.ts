import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { SUMMARY_SQL } from '../src/analytics/analytics.sql';
import { seedBulk } from '../src/database/seeding/bulk-seed';
import { createTestDatabase } from './helpers/database';

/**
 * The hot list queries read the indexes built for them, proved with EXPLAIN at a realistic
 * size (200,000 loads over two years, 2,000 drivers of whom 85% are on a job, ~100
 * notifications per driver) after ANALYZE, as the planner sees a real database.
 */
interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

const PAGE = 'ORDER BY created_at DESC, id DESC LIMIT 21';

describe('indexes behind the list queries (EXPLAIN at 200,000 loads)', () => {
  let drop: () => Promise<void>;
  let dataSource: DataSource;
  let busyDriverId: string;
  let busiestUserId: string;

  async function plan(sql: string, parameters: unknown[] = [], analyze = false): Promise<PlanNode> {
    const options = analyze ? 'ANALYZE, BUFFERS, FORMAT JSON' : 'FORMAT JSON';
    const rows: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }> = await dataSource.query(`EXPLAIN (${options}) ${sql}`, parameters);
    return rows[0]['QUERY PLAN'][0].Plan;
  }

  async function indexesUsed(sql: string, parameters: unknown[] = []): Promise<string[]> {
    const root = await plan(sql, parameters);
    const all = nodes(root);
    // A sequential scan anywhere would mean the index is not doing its job.
    expect(all.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'])).toEqual([]);
    return all.map((n) => n['Index Name']).filter((name): name is string => Boolean(name));
  }

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    dataSource = new DataSource(buildDataSourceOptions({ databaseUrl: database.url, poolSize: 2 }));
    await dataSource.initialize();
    await seedBulk(dataSource, { loads: 200_000, drivers: 2_000, users: 40 });

    const [busy] = await dataSource.query(`SELECT driver_id FROM loads WHERE status = 'in_transit' LIMIT 1`);
    busyDriverId = busy.driver_id;
    const [busiest] = await dataSource.query('SELECT user_id FROM notifications GROUP BY user_id ORDER BY count(*) DESC LIMIT 1');
    busiestUserId = busiest.user_id;
  }, 300_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await drop?.();
  });

  it('defines the six indexes on the right columns, newest-first ones DESC', async () => {
    const rows: Array<{ indexname: string; indexdef: string }> = await dataSource.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY($1)`,
      [
        [
          'idx_loads_status',
          'idx_loads_driver_id',
          'idx_loads_driver_status',
          'idx_loads_created_at',
          'idx_drivers_available',
          'idx_notification_user_created',
        ],
      ],
    );
    const columns = Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef.replace(/^.* USING btree /, '')]));
    expect(columns).toEqual({
      idx_loads_status: '(status)',
      idx_loads_driver_id: '(driver_id)',
      idx_loads_driver_status: '(driver_id, status)',
      idx_loads_created_at: '(created_at DESC)',
      idx_drivers_available: '(is_available)',
      idx_notification_user_created: '(user_id, created_at DESC)',
    });
  });

  it("the dispatcher's board (a rare status such as posted) reads idx_loads_status", async () => {
    const [{ share }] = await dataSource.query(`SELECT avg((status = 'posted')::int)::float8 AS share FROM loads`);
    expect(share).toBeLessThan(0.01);
    expect(await indexesUsed(`SELECT id FROM loads WHERE status = ANY($1) ${PAGE}`, [['posted']])).toContain('idx_loads_status');
  });

  it("a driver's loads read a driver index (the planner picks idx_loads_driver_status, whose first column is driver_id, or idx_loads_driver_id)", async () => {
    const used = await indexesUsed(`SELECT id FROM loads WHERE driver_id = $1 ${PAGE}`, [busyDriverId]);
    expect(used.some((name) => name === 'idx_loads_driver_id' || name === 'idx_loads_driver_status')).toBe(true);
  });

  it("a driver's loads in some statuses read idx_loads_driver_status", async () => {
    for (const statuses of [['assigned', 'in_transit'], ['delivered']]) {
      const used = await indexesUsed(`SELECT id FROM loads WHERE driver_id = $1 AND status = ANY($2) ${PAGE}`, [busyDriverId, statuses]);
      expect(used).toContain('idx_loads_driver_status');
    }
  });

  it('newest first, and a keyset page deep in the list, read idx_loads_created_at', async () => {
    expect(await indexesUsed(`SELECT id FROM loads ${PAGE}`)).toContain('idx_loads_created_at');
    const [deep] = await dataSource.query(
      'SELECT created_at::text AS created_at, id FROM loads ORDER BY created_at DESC, id DESC OFFSET 150000 LIMIT 1',
    );
    expect(await indexesUsed(`SELECT id FROM loads WHERE (created_at, id) < ($1, $2) ${PAGE}`, [deep.created_at, deep.id])).toContain(
      'idx_loads_created_at',
    );
  });

  it('a keyset page 150,000 rows deep reads about as many rows and buffers as page 1', async () => {
    const [deep] = await dataSource.query(
      'SELECT created_at::text AS created_at, id FROM loads ORDER BY created_at DESC, id DESC OFFSET 150000 LIMIT 1',
    );
    const scanOf = async (sql: string, parameters: unknown[] = []) => {
      const scan = nodes(await plan(sql, parameters, true)).find((n) => n['Index Name'] === 'idx_loads_created_at');
      expect(scan).toBeDefined();
      return { rows: scan!['Actual Rows'] ?? 0, buffers: (scan!['Shared Hit Blocks'] ?? 0) + (scan!['Shared Read Blocks'] ?? 0) };
    };
    const first = await scanOf(`SELECT * FROM loads ${PAGE}`);
    const deepPage = await scanOf(`SELECT * FROM loads WHERE (created_at, id) < ($1, $2) ${PAGE}`, [deep.created_at, deep.id]);
    // 21 rows plus the one that tells the incremental sort the created_at group has ended.
    expect(first.rows).toBeGreaterThanOrEqual(21);
    expect(first.rows).toBeLessThanOrEqual(23);
    expect(deepPage.rows).toBeLessThanOrEqual(first.rows + 2);
    expect(deepPage.buffers).toBeLessThanOrEqual(first.buffers + 10);
  });

  it('available drivers: a page of 21 walks idx_drivers_created_at filtering is_available (85% busy), a full page of 100 reads idx_drivers_available', async () => {
    const [{ share }] = await dataSource.query('SELECT avg(is_available::int)::float8 AS share FROM drivers');
    expect(share).toBeCloseTo(0.15, 2);
    // With most drivers busy, reading newest drivers until 21 free ones turn up is cheapest;
    // both plans are index reads, neither scans the table.
    const small = await indexesUsed(`SELECT id FROM drivers WHERE is_available = true ${PAGE}`);
    expect(small.some((name) => name === 'idx_drivers_available' || name === 'idx_drivers_created_at')).toBe(true);
    const full = await indexesUsed('SELECT id FROM drivers WHERE is_available = true ORDER BY created_at DESC, id DESC LIMIT 101');
    expect(full).toContain('idx_drivers_available');
  });

  it("a user's newest notifications read idx_notification_user_created", async () => {
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM notifications WHERE user_id = $1', [busiestUserId]);
    expect(count).toBeGreaterThan(50);
    expect(await indexesUsed(`SELECT id FROM notifications WHERE user_id = $1 ${PAGE}`, [busiestUserId])).toContain('idx_notification_user_created');
  });

  it('analytics over the last 30 days reads deliveries through idx_loads_delivered_at, not a scan of every load', async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 24 * 3600 * 1000);
    const all = nodes(await plan(SUMMARY_SQL, [from, to, false, null]));
    // The drivers table (2,000 rows) may be scanned for the head count; loads never.
    expect(all.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'loads')).toEqual([]);
    const used = all.map((n) => n['Index Name']).filter(Boolean);
    expect(used).toEqual(expect.arrayContaining(['idx_loads_created_at', 'idx_loads_delivered_at']));
  });
});
