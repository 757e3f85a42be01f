import { Client } from 'pg';
import type { Target } from './targets';
import { versionOf } from './targets';

/** Reads the database directly: what is committed, and what the cache outbox still holds. */
export class DatabaseProbe {
  private constructor(private readonly client: Client) {}

  static async connect(databaseUrl: string): Promise<DatabaseProbe> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    return new DatabaseProbe(client);
  }

  async outboxPending(): Promise<number> {
    const { rows } = await this.client.query<{ n: number }>('SELECT count(*)::int AS n FROM cache_invalidation_outbox');
    return rows[0].n;
  }

  /** The committed version of each target, by entity ("driver:<id>"). */
  async committedVersions(targets: Target[]): Promise<Map<string, number>> {
    const drivers = targets.filter((t) => t.kind === 'driver').map((t) => t.id);
    const loads = targets.filter((t) => t.kind === 'load').map((t) => t.id);
    const versions = new Map<string, number>();
    const d = await this.client.query<{ id: string; name: string }>('SELECT id, name FROM drivers WHERE id = ANY($1::uuid[])', [drivers]);
    for (const row of d.rows) versions.set(`driver:${row.id}`, versionOf('driver', { name: row.name }));
    const l = await this.client.query<{ id: string; rate: number }>('SELECT id, rate_cents AS rate FROM loads WHERE id = ANY($1::uuid[])', [loads]);
    for (const row of l.rows) versions.set(`load:${row.id}`, versionOf('load', { rateCents: row.rate }));
    return versions;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
