import { Injectable } from '@nestjs/common';
import type { ApiKeyRecord } from '../../access/api-key.model.js';
import type { ApiKeyStorePort } from '../../access/api-key.port.js';
import { DatabaseService } from './database.service.js';
import { toStorageError } from './storage-error.js';

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  per_minute: number;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, name, prefix, per_minute, created_at, revoked_at';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** API keys in Postgres (table api_key); only hashes are stored. */
@Injectable()
export class ApiKeyRepository implements ApiKeyStorePort {
  constructor(private readonly db: DatabaseService) {}

  async insert(key: { name: string; prefix: string; hash: Buffer; perMinute: number }): Promise<ApiKeyRecord> {
    const rows = await this.query(
      `INSERT INTO api_key (name, prefix, key_hash, per_minute) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [key.name, key.prefix, key.hash, key.perMinute],
    );
    return toRecord(rows[0]);
  }

  async findByHash(hash: Buffer): Promise<ApiKeyRecord | undefined> {
    const rows = await this.query(`SELECT ${COLUMNS} FROM api_key WHERE key_hash = $1`, [hash]);
    return rows.length === 0 ? undefined : toRecord(rows[0]);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (await this.query(`SELECT ${COLUMNS} FROM api_key ORDER BY created_at, id`, [])).map(toRecord);
  }

  async revoke(idOrPrefix: string): Promise<ApiKeyRecord | undefined> {
    const byId = UUID.test(idOrPrefix);
    const rows = await this.query(
      // Through a CTE: TypeORM returns [rows, count] for a bare UPDATE, plain rows for a SELECT.
      `WITH revoked AS (
         UPDATE api_key SET revoked_at = COALESCE(revoked_at, now())
         WHERE ${byId ? 'id = $1::uuid' : 'prefix = $1'} RETURNING ${COLUMNS}
       ) SELECT * FROM revoked`,
      [idOrPrefix],
    );
    return rows.length === 0 ? undefined : toRecord(rows[0]);
  }

  private async query(sql: string, params: unknown[]): Promise<ApiKeyRow[]> {
    const ds = await this.db.dataSource();
    try {
      return (await ds.query(sql, params)) as ApiKeyRow[];
    } catch (error) {
      throw toStorageError(error);
    }
  }
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    perMinute: row.per_minute,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at === null ? null : row.revoked_at.toISOString(),
  };
}
