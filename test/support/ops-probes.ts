import { Redis } from 'ioredis';
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import pg from 'pg';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './test-env.js';

export interface ChangeEvent {
  cursor: string;
  type: string;
  id: string;
  data: Record<string, unknown>;
}

export interface OutageRow {
  source_id: string;
  started_at: Date;
  ended_at: Date | null;
  cause_code: string;
  cause_message: string;
  polls_failed: number;
  end_reason?: string | null;
}

/** Reads what the hub wrote for operating it (change stream, outage rows), straight from the servers. */
export class OpsProbes {
  private readonly redis = new Redis(TEST_REDIS_URL);
  private readonly pg = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });

  constructor(
    private readonly prefix: string,
    private readonly schema: string,
  ) {}

  async events(type?: string): Promise<ChangeEvent[]> {
    const entries = await this.redis.xrange(`${this.prefix}:changes`, '-', '+');
    return entries
      .map(([cursor, fields]) => {
        const f: Record<string, string> = {};
        for (let i = 0; i < fields.length; i += 2) f[fields[i]] = fields[i + 1];
        return { cursor, type: f.type, id: f.id, data: JSON.parse(f.data) as Record<string, unknown> };
      })
      .filter((e) => type === undefined || e.type === type);
  }

  async outageRows(sourceId: string): Promise<OutageRow[]> {
    try {
      const { rows } = await this.pg.query(
        `SELECT * FROM "${this.schema}".source_outage WHERE source_id = $1 ORDER BY started_at`,
        [sourceId],
      );
      return rows as OutageRow[];
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return []; // not migrated yet
      throw error;
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    await this.pg.end();
  }
}

/**
 * A /metrics scrape, parsed by an independent Prometheus text parser (it throws on a malformed
 * line). That parser folds labelled histograms into one sample, so histogram series are read
 * from the text with `sample()`.
 */
export class Scrape {
  constructor(
    readonly families: ParsedFamily[],
    readonly text: string,
  ) {}

  static async of(baseUrl: string): Promise<Scrape> {
    const res = await fetch(`${baseUrl}/metrics`);
    if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
    const text = await res.text();
    return new Scrape(parsePrometheusTextFormat(text), text);
  }

  /** One exposition line's value by its exact sample name and label set as printed (`source="ops"`). */
  sample(name: string, labels: string): number {
    const line = this.text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
    return line === undefined ? 0 : Number(line.split(' ')[1]);
  }

  family(name: string): ParsedFamily | undefined {
    return this.families.find((f) => f.name === name);
  }

  /** The sample of `name` whose labels include `labels`; 0 when absent (a counter not moved yet). */
  value(name: string, labels: Record<string, string> = {}): number {
    const sample = this.family(name)?.metrics.find((m) =>
      Object.entries(labels).every(([k, v]) => m.labels?.[k] === v),
    );
    if (sample === undefined) return 0;
    return Number(sample.value ?? sample.count);
  }
}
