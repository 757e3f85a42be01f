import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cache's transactional outbox (src/cache/outbox): each write records, in its own
 * transaction, the cache dependencies it changes. Rows live for milliseconds normally; they
 * are read in id order, so the primary key is the only index needed.
 */
export class CacheInvalidationOutbox1795700000000 implements MigrationInterface {
  name = 'CacheInvalidationOutbox1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "cache_invalidation_outbox" ("id" BIGSERIAL NOT NULL, "dependencies" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e2829903bb5a2c7aeea793d4af4" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "cache_invalidation_outbox"`);
  }
}
