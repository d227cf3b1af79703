import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { StaticReference } from '../../config/source-config.js';
import type { FacilityRecord, ParseWarning } from '../../parking/parking.model.js';
import { ConditionalFetchService } from '../conditional-fetch.service.js';
import { FETCH_STATE_STORE, type CachedReference, type FetchStateStorePort } from '../fetch-state.port.js';
import { ParkingParserService } from './parking-parser.service.js';

export interface ReferenceResult {
  facilities: FacilityRecord[];
  warnings: ParseWarning[];
}

/** What a refresh between realtime changes found: `changed` means the realtime payload must be joined again. */
export type ReferenceRefresh = 'fresh' | 'changed' | 'failed';

/** A failed static is tried again on unchanged realtime polls at most this often (or its own interval if shorter). */
const FAILED_RETRY_MS = 60_000;

/**
 * A source's `static:` reference data (locations, capacities), fetched at its own (slower)
 * interval and cached in Redis. When it cannot be fetched, the last good copy is used and the
 * poll carries a warning; the realtime values still flow. It is fetched anew when its settings
 * change (reload), and a failed one is retried also while the realtime payload stays the same.
 */
@Injectable()
export class StaticReferenceService {
  constructor(
    private readonly fetcher: ConditionalFetchService,
    @Inject(FETCH_STATE_STORE) private readonly store: FetchStateStorePort,
    private readonly parser: ParkingParserService,
  ) {}

  /** For a realtime payload being processed: the cached copy while it is current, else a fetch. */
  async get(sourceId: string, ref: StaticReference, now: Date): Promise<ReferenceResult> {
    const cached = await this.store.getReference(sourceId);
    if (cached !== undefined && !isExpired(cached, ref, now)) return { facilities: cached.facilities, warnings: [] };
    return this.fetch(sourceId, ref, now, cached);
  }

  /**
   * On a realtime poll that brought nothing new: fetches the static when it is due (its interval
   * passed, its settings changed, or it failed and the retry delay passed). `changed` when the
   * facilities, or whether the static is available, are not what the last join used.
   */
  async refreshIfDue(sourceId: string, ref: StaticReference, now: Date): Promise<ReferenceRefresh> {
    const cached = await this.store.getReference(sourceId);
    if (cached !== undefined && !isExpired(cached, ref, now)) return 'fresh';
    const failedBefore = cached?.failure !== undefined;
    if (failedBefore && cached?.failure?.target === targetOf(ref)) {
      const retryMs = Math.min(ref.intervalMs, FAILED_RETRY_MS);
      if (now.getTime() - Date.parse(cached.failure.at) < retryMs) return 'failed';
    }
    const result = await this.fetch(sourceId, ref, now, cached);
    if (result.outcome === 'failed') return failedBefore ? 'failed' : 'changed';
    return result.outcome === 'parsed' || failedBefore ? 'changed' : 'fresh';
  }

  private async fetch(
    sourceId: string,
    ref: StaticReference,
    now: Date,
    cached: CachedReference | undefined,
  ): Promise<ReferenceResult & { outcome: 'unchanged' | 'parsed' | 'failed' }> {
    const target = targetOf(ref);
    // Facilities read with other settings: the validators kept say nothing of these.
    const force = cached !== undefined && cached.target !== target;
    try {
      const result = await this.fetcher.fetch(sourceId, 'static', ref, { force });
      if (!result.changed) {
        const facilities = cached?.facilities ?? [];
        await this.store.putReference(sourceId, { fetchedAt: now.toISOString(), facilities, target });
        return { facilities, warnings: [], outcome: 'unchanged' };
      }
      const parsed = await this.parser.parse(ref.format, result.body, {
        sourceId,
        receivedAt: now,
        format: { mapping: ref.mapping, statusValues: ref.statusValues, options: ref.options },
        ...(ref.timeZone === undefined ? {} : { timeZone: ref.timeZone }),
        ...(ref.crs === undefined ? {} : { crs: ref.crs }),
      });
      await this.store.putReference(sourceId, { fetchedAt: now.toISOString(), facilities: parsed.facilities, target });
      await result.commit();
      return {
        facilities: parsed.facilities,
        warnings: [...result.warnings, ...parsed.warnings].map((w) => ({ ...w, ref: `static ${w.ref ?? ''}`.trim() })),
        outcome: 'parsed',
      };
    } catch (error) {
      const code = error instanceof AppException ? `${error.code}: ` : '';
      const copy =
        cached === undefined || cached.facilities.length === 0
          ? 'no copy yet'
          : `using the copy fetched at ${cached.fetchedAt}`;
      const message = `static reference unavailable (${code}${(error as Error).message}); ${copy}`;
      await this.store.putReference(sourceId, {
        fetchedAt: cached?.fetchedAt ?? new Date(0).toISOString(),
        facilities: cached?.facilities ?? [],
        ...(cached?.target === undefined ? {} : { target: cached.target }),
        failure: { at: now.toISOString(), message, target },
      });
      return {
        facilities: cached?.facilities ?? [],
        warnings: [{ code: ErrorCode.STATIC_UNAVAILABLE, message, ref: 'static' }],
        outcome: 'failed',
      };
    }
  }
}

/** Past its interval, or read with other settings than the source has now, or failed. */
function isExpired(cached: CachedReference, ref: StaticReference, now: Date): boolean {
  if (cached.failure !== undefined) return true;
  if (cached.target !== undefined && cached.target !== targetOf(ref)) return true;
  return now.getTime() - Date.parse(cached.fetchedAt) >= ref.intervalMs;
}

function targetOf(ref: StaticReference): string {
  const { url, format, mapping, statusValues, options, headers } = ref;
  return createHash('sha256')
    .update(JSON.stringify({ url, format, mapping, statusValues, options, headers }))
    .digest('base64url');
}
