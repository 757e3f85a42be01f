import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * users.token_version: every access token carries the version it was issued under, and the
 * guard refuses a token whose version is no longer the user's (src/auth/user-token-states.ts).
 * The trigger bumps it in the same statement, so in the same transaction, as any change of the
 * password hash or the role, whichever code or SQL makes it. An UPDATE that sets the column
 * itself (token_version = token_version + 1) revokes every token of the user.
 */
export class UserTokenVersion1795900000000 implements MigrationInterface {
  name = 'UserTokenVersion1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "token_version" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`
      CREATE FUNCTION "users_bump_token_version"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.password_hash IS DISTINCT FROM OLD.password_hash OR NEW.role IS DISTINCT FROM OLD.role THEN
          NEW.token_version := OLD.token_version + 1;
        END IF;
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER "users_bump_token_version" BEFORE UPDATE ON "users" FOR EACH ROW EXECUTE FUNCTION "users_bump_token_version"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "users_bump_token_version" ON "users"`);
    await queryRunner.query(`DROP FUNCTION "users_bump_token_version"()`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "token_version"`);
  }
}
