import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import type { GtfsSourceConfig } from '../../config/source-config.js';
import { APP_CONFIG } from '../../config/tokens.js';
import type { SourceFetcher } from '../../infra/http/source-fetcher.js';
import { JobName } from '../../infra/queue/jobs.js';
import { QueueRepository } from '../../infra/queue/queue.repository.js';
import type { PollRecord } from '../../ops/source-health.model.js';
import { SOURCE_FETCHER } from '../conditional-fetch.service.js';
import { FETCH_STATE_STORE, type FetchStateStorePort } from '../fetch-state.port.js';
import { GTFS_FEED_STORE, type GtfsFeedStorePort } from './gtfs-import.types.js';

export const STATIC_ROLE = 'static';

export function contentHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/**
 * The poll of a `gtfs` source: a conditional GET; an unchanged zip (304, same bytes, or the bytes
 * of the current version) stops here. A new zip is staged on disk and handed to the import queue,
 * so the poll queue is never busy for the minutes a large import takes.
 */
@Injectable()
export class GtfsStaticPollService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SOURCE_FETCHER) private readonly fetcher: SourceFetcher,
    @Inject(FETCH_STATE_STORE) private readonly state: FetchStateStorePort,
    @Inject(GTFS_FEED_STORE) private readonly store: GtfsFeedStorePort,
    private readonly queues: QueueRepository,
  ) {}

  async poll(source: GtfsSourceConfig, at: Date): Promise<PollRecord> {
    const previous = await this.state.get(source.id, STATIC_ROLE);
    const result = await this.fetcher.fetch({
      url: source.url,
      timeoutMs: source.timeoutMs,
      maxBytes: source.maxBytes,
      headers: source.headers,
      allowPrivateNetwork: source.allowPrivateNetwork,
      etag: previous.etag,
      lastModified: previous.lastModified,
    });
    const base = { at: at.toISOString(), latencyMs: result.latencyMs };
    if (result.notModified) return { ...base, outcome: 'not-modified', bytes: null, changes: 0 };
    const hash = contentHash(result.body);
    const validators = { etag: result.etag, lastModified: result.lastModified, bodyHash: hash };
    if (hash === previous.bodyHash || (await this.store.currentWithHash(source.id, hash)) !== undefined) {
      await this.state.put(source.id, STATIC_ROLE, validators);
      return { ...base, outcome: 'unchanged', bytes: result.bytes, changes: 0 };
    }
    const stagedPath = await this.stage(source.id, hash, result.body);
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

  async stage(sourceId: string, hash: string, body: Buffer): Promise<string> {
    const dir = path.join(this.config.dataDir, 'gtfs-staging');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${sourceId}-${hash.slice(0, 16)}.zip`);
    await writeFile(file, body);
    return file;
  }
}
