import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analytics selects loads delivered in a date range; without this index that is a sequential
 * scan of every load (seconds at 1,000,000 loads, BENCHMARKS.md). With it, the summary's
 * "created or delivered in range" becomes a BitmapOr of idx_loads_created_at and this index.
 */
export class LoadsDeliveredAtIndex1795640000000 implements MigrationInterface {
  name = 'LoadsDeliveredAtIndex1795640000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "idx_loads_delivered_at" ON "loads" ("delivered_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_loads_delivered_at"`);
  }
}
