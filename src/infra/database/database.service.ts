import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/tokens.js';
import { FacilityEntity } from './facility.entity.js';
import { ParkingHistory1764320000000 } from './migrations/1764320000000-parking-history.js';
import { Transit1764400000000 } from './migrations/1764400000000-transit.js';
import { SourceOutage1764600000000 } from './migrations/1764600000000-source-outage.js';
import { SourceOutageEndReason1764700000000 } from './migrations/1764700000000-source-outage-end-reason.js';
import { StopTimeCollateC1764800000000 } from './migrations/1764800000000-stop-time-collate-c.js';
import { TransitDepth1764900000000 } from './migrations/1764900000000-transit-depth.js';
import { GtfsTranslations1764900000001 } from './migrations/1764900000001-gtfs-translations.js';
import { FacilityDetails1765000000000 } from './migrations/1765000000000-facility-details.js';
import { DelayStopIndex1765100000000 } from './migrations/1765100000000-delay-stop-index.js';
import { DelayTripStart1765200000000 } from './migrations/1765200000000-delay-trip-start.js';
import { SourceOutageStartedAt1765300000000 } from './migrations/1765300000000-source-outage-started-at.js';
import { ApiKeys1764500000000 } from './migrations/1764500000000-api-keys.js';
import { ParkingHistoryHour1764500000001 } from './migrations/1764500000001-parking-history-hour.js';
import { ParkingObservationEntity } from './parking-observation.entity.js';

const MIGRATION_LOCK = 727_001;

/**
 * Owns the TypeORM DataSource. It connects lazily and again after a failure, so a Postgres
 * outage never stops the process: callers get a transient STORAGE_UNAVAILABLE and retry.
 */
@Injectable()
export class DatabaseService implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private connecting?: Promise<DataSource>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async dataSource(): Promise<DataSource> {
    this.connecting ??= this.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw new AppException(ErrorCode.STORAGE_UNAVAILABLE, `postgres unavailable: ${(error as Error).message}`, {
        transient: true,
        cause: error,
      });
    });
    return this.connecting;
  }

  /** True when a query answers now. */
  async ping(): Promise<boolean> {
    try {
      await (await this.dataSource()).query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const pending = this.connecting;
    this.connecting = undefined;
    const ds = await pending?.catch(() => undefined);
    if (ds?.isInitialized) await ds.destroy();
  }

  private async connect(): Promise<DataSource> {
    const url = this.requireUrl();
    await this.migrate(url);
    const ds = new DataSource({
      type: 'postgres',
      url,
      schema: this.config.dbSchema,
      entities: [FacilityEntity, ParkingObservationEntity],
      synchronize: false,
      poolSize: 10,
      connectTimeoutMS: 5_000,
      // jit=off: the hub's queries are small; Postgres' JIT (triggered by cost estimates, e.g. of
      // generate_series) made the history buckets slower, never faster.
      extra: { options: `-c search_path=${this.config.dbSchema} -c jit=off`, connectionTimeoutMillis: 5_000 },
    });
    await ds.initialize();
    // A dropped connection must not crash the process: the pool reconnects on the next query.
    return ds;
  }

  /** Runs pending migrations under an advisory lock, so replicas starting together do not race. */
  private async migrate(url: string): Promise<void> {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.config.dbSchema}"`);
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      const ds = new DataSource({
        type: 'postgres',
        url,
        schema: this.config.dbSchema,
        migrations: [
          ParkingHistory1764320000000,
          SourceOutage1764600000000,
          ApiKeys1764500000000,
          ParkingHistoryHour1764500000001,
          Transit1764400000000,
          SourceOutageEndReason1764700000000,
          StopTimeCollateC1764800000000,
          TransitDepth1764900000000,
          GtfsTranslations1764900000001,
          FacilityDetails1765000000000,
          DelayStopIndex1765100000000,
          DelayTripStart1765200000000,
          SourceOutageStartedAt1765300000000,
        ],
        migrationsTransactionMode: 'each',
        extra: { options: `-c search_path=${this.config.dbSchema}` },
      });
      await ds.initialize();
      try {
        const ran = await ds.runMigrations();
        for (const m of ran) this.logger.log(`migration ${m.name} applied in schema ${this.config.dbSchema}`);
      } finally {
        await ds.destroy();
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }

  private requireUrl(): string {
    if (this.config.databaseUrl === undefined) {
      throw new Error('no DATABASE_URL resolved');
    }
    return this.config.databaseUrl;
  }
}
