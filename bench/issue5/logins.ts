import { Client } from 'pg';

/**
 * The same mix of users as the demo data (1 admin, 2 dispatchers, 4 drivers), taken from
 * the bulk seed's users, for the load test's --emails (they sign in with bulk-seed-dev).
 */
export async function bulkLogins(databaseUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const pick = async (role: string, count: number) =>
      (
        await client.query(`SELECT email FROM users WHERE role = $1 AND email LIKE '%.bulk.freight.local' ORDER BY email LIMIT $2`, [role, count])
      ).rows.map((r: { email: string }) => r.email);
    return [...(await pick('admin', 1)), ...(await pick('dispatcher', 2)), ...(await pick('driver', 4))];
  } finally {
    await client.end();
  }
}
