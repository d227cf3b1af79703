import pg from 'pg';
import { monthPartitions } from '../../src/infra/database/month-partitions.js';

export const HISTORY_FACILITY = 'demo-city:history';
export const HISTORY_DAYS = 90;

/**
 * 90 days of one observation a minute for one car park (129,600 rows): a daily curve with
 * noise, every minute a change, as the history writer stores them (facility + partitions).
 */
export async function seedHistory(
  databaseUrl: string,
  schema: string,
  end: Date,
): Promise<{ from: Date; to: Date; rows: number }> {
  const to = new Date(Math.floor(end.getTime() / 60_000) * 60_000);
  const from = new Date(to.getTime() - HISTORY_DAYS * 86_400_000);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`SET search_path = "${schema}"`);
    const months = monthPartitions([from.toISOString(), ...monthStarts(from, to), to.toISOString()]);
    for (const m of months) {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${m.name} PARTITION OF parking_observation FOR VALUES FROM ('${m.from}') TO ('${m.to}')`,
      );
    }
    await client.query(
      `INSERT INTO facility (id, source, local_id, name, kind, lat, lon, capacity, updated_at)
       VALUES ($1, 'demo-city', 'history', 'HISTORY', 'car-park', 46.58, 0.34, 625, now()) ON CONFLICT (id) DO NOTHING`,
      [HISTORY_FACILITY],
    );
    const result = await client.query(
      `INSERT INTO parking_observation (facility_id, observed_at, received_at, free, occupied, capacity, status)
       SELECT $1, t, t, f, 625 - f, 625, 'open'
       FROM generate_series($2::timestamptz, $3::timestamptz - interval '1 minute', interval '1 minute') AS t,
            LATERAL (SELECT GREATEST(0, LEAST(625, (300 + 250 * sin(extract(epoch FROM t) / 13751.0) + random() * 20)::int)) AS f) v
       ON CONFLICT DO NOTHING`,
      [HISTORY_FACILITY, from, to],
    );
    await client.query('VACUUM ANALYZE parking_observation');
    return { from, to, rows: result.rowCount ?? 0 };
  } finally {
    await client.end();
  }
}

function monthStarts(from: Date, to: Date): string[] {
  const starts: string[] = [];
  for (
    let d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
    d < to;
    d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))
  ) {
    starts.push(d.toISOString());
  }
  return starts;
}
