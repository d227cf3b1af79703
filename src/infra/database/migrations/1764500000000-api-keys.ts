import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys (docs/interface.md § Access). Only the SHA-256 of a key is kept: keys are 256-bit random strings,
 * so a fast hash is safe here (nothing to brute-force) and lets a request find its key by index.
 * `prefix` is the key's first characters, shown in listings so people can tell keys apart.
 */
export class ApiKeys1764500000000 implements MigrationInterface {
  name = 'ApiKeys1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        prefix text NOT NULL,
        key_hash bytea NOT NULL UNIQUE,
        per_minute integer NOT NULL CHECK (per_minute > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_key`);
  }
}
