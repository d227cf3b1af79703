import { createHash } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import type { GtfsSourceConfig } from '../../config/source-config.js';
import { SourceRegistry } from '../../config/source-registry.service.js';
import { APP_CONFIG } from '../../config/tokens.js';
import type { FetchResult, SavedBody } from '../../infra/http/source-fetcher.js';
import { JobName } from '../../infra/queue/jobs.js';
import { QueueRepository } from '../../infra/queue/queue.repository.js';
import type { PollRecord } from '../../ops/source-health.model.js';
import { ConditionalFetchService } from '../conditional-fetch.service.js';
import { FETCH_STATE_STORE, type FetchState, type FetchStateStorePort } from '../fetch-state.port.js';
import { requestKey } from '../fetch/request-key.js';
import { GTFS_FEED_STORE, type GtfsFeedStorePort } from './gtfs-import.types.js';
import { cleanStaging, partFileName, stagedZipName, supersedeStaged } from './gtfs-staging.js';

export const STATIC_ROLE = 'static';

/** The hash a staged zip is known by (the fetcher computes the same while saving a download). */
export function contentHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/**
 * The poll of a `gtfs` source: a conditional GET streamed straight into the staging folder and
 * hashed on the way (the zip is never held in memory); an unchanged zip (304, same bytes, or the
 * bytes of the current version) stops here and its file is removed. A new zip is handed to the
 * import queue, so the poll queue is never busy for the minutes a large import takes.
 * The folder is cleaned at start and bounded (gtfs-staging.ts).
 */
@Injectable()
export class GtfsStaticPollService implements OnApplicationBootstrap {
  private readonly logger = new Logger('GtfsStaging');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly fetcher: ConditionalFetchService,
    @Inject(FETCH_STATE_STORE) private readonly state: FetchStateStorePort,
    @Inject(GTFS_FEED_STORE) private readonly store: GtfsFeedStorePort,
    private readonly queues: QueueRepository,
    private readonly registry: SourceRegistry,
  ) {}

  /** Downloads and imports cut by a dead process, zips of sources no longer configured: removed. */
  async onApplicationBootstrap(): Promise<void> {
    const gtfs = new Set(
      this.registry
        .all()
        .filter((s) => s.kind === 'gtfs')
        .map((s) => s.id),
    );
    const { parts, zips } = await cleanStaging(this.stagingDir(), gtfs);
    const removed = [...parts, ...zips];
    if (removed.length > 0) this.logger.log(`staging: removed ${removed.join(', ')} (left by a previous run)`);
  }

  async poll(source: GtfsSourceConfig, at: Date): Promise<PollRecord> {
    const key = requestKey(source);
    const stored = await this.state.get(source.id, STATIC_ROLE);
    // Validators of another request (another body) say nothing of this one.
    const previous: FetchState = stored.requestKey === key ? stored : {};
    const result = await this.download(source, previous);
    const base = { at: at.toISOString(), latencyMs: result.latencyMs };
    if (result.notModified) return { ...base, outcome: 'not-modified', bytes: null, changes: 0 };
    const hash = result.body.sha256;
    const validators = {
      etag: result.etag,
      lastModified: result.lastModified,
      bodyHash: hash,
      ...(key === undefined ? {} : { requestKey: key }),
    };
    let stagedPath: string;
    try {
      if (hash === previous.bodyHash || (await this.store.currentWithHash(source.id, hash)) !== undefined) {
        await rm(result.body.path, { force: true });
        await this.state.put(source.id, STATIC_ROLE, validators);
        return { ...base, outcome: 'unchanged', bytes: result.bytes, changes: 0 };
      }
      stagedPath = await this.stage(source.id, result.body);
    } catch (error) {
      await rm(result.body.path, { force: true });
      throw error;
    }
    await this.queues.add(
      JobName.ImportGtfs,
      {
        sourceId: source.id,
        stagedPath,
        contentHash: hash,
        bytes: result.bytes,
        etag: result.etag,
        lastModified: result.lastModified,
      },
      { retryUntilDone: true },
    );
    return { ...base, outcome: 'changed', bytes: result.bytes, changes: 1 };
  }

  /**
   * Fetches the zip into a fresh `.part` file of the staging folder (none is left if the fetch fails),
   * through the poll's request path: the source's `request` (a POST with its body), headers, `auth`
   * bearer token and `tls` client certificate.
   */
  async download(source: GtfsSourceConfig, previous: FetchState = {}): Promise<FetchResult<SavedBody>> {
    await mkdir(this.stagingDir(), { recursive: true });
    const part = path.join(this.stagingDir(), partFileName(source.id));
    return this.fetcher.download(source.id, source, { etag: previous.etag, lastModified: previous.lastModified }, part);
  }

  /** Names a downloaded zip after its hash, for the import job; an older zip of the source still waiting is superseded. */
  async stage(sourceId: string, saved: SavedBody): Promise<string> {
    const name = stagedZipName(sourceId, saved.sha256);
    const file = path.join(this.stagingDir(), name);
    await rename(saved.path, file);
    await supersedeStaged(this.stagingDir(), sourceId, name);
    return file;
  }

  private stagingDir(): string {
    return path.join(this.config.dataDir, 'gtfs-staging');
  }
}
