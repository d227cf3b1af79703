import { Redis } from 'ioredis';
import pg from 'pg';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './test-env.js';

/** Reads what the hub wrote, straight from the servers (no hub code in between). */
export class HubProbes {
  private readonly redis = new Redis(TEST_REDIS_URL);
  private readonly pg = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });

  constructor(
    private readonly prefix: string,
    private readonly schema: string,
  ) {}

  async parkingEvents(): Promise<Array<{ cursor: string; id: string; data: { free: number | null } }>> {
    const entries = await this.redis.xrange(`${this.prefix}:changes`, '-', '+');
    return entries
      .map(([cursor, fields]) => ({ cursor, f: Object.fromEntries(chunk(fields)) }))
      .filter((e) => e.f.type === 'parking')
      .map((e) => ({ cursor: e.cursor, id: e.f.id, data: JSON.parse(e.f.data) as { free: number | null } }));
  }

  async liveState(id: string): Promise<{ parking: { free: number | null } } | undefined> {
    const json = await this.redis.hget(`${this.prefix}:parking:state`, id);
    return json === null ? undefined : (JSON.parse(json) as { parking: { free: number | null } });
  }

  async historyRows(): Promise<Array<{ facility_id: string; free: number | null; observed_at: Date }>> {
    try {
      const { rows } = await this.pg.query(
        `SELECT facility_id, free, observed_at FROM "${this.schema}".parking_observation ORDER BY observed_at, facility_id`,
      );
      return rows as Array<{ facility_id: string; free: number | null; observed_at: Date }>;
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return []; // table not migrated yet
      throw error;
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    await this.pg.end();
  }
}

function chunk(fields: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < fields.length; i += 2) pairs.push([fields[i], fields[i + 1]]);
  return pairs;
}
