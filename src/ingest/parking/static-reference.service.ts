import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { StaticReference } from '../../config/source-config.js';
import type { FacilityRecord, ParseWarning } from '../../parking/parking.model.js';
import { ConditionalFetchService } from '../conditional-fetch.service.js';
import { FETCH_STATE_STORE, type FetchStateStorePort } from '../fetch-state.port.js';
import { ParkingParserService } from './parking-parser.service.js';

export interface ReferenceResult {
  facilities: FacilityRecord[];
  warnings: ParseWarning[];
}

/**
 * A source's `static:` reference data (locations, capacities), fetched at its own (slower)
 * interval and cached in Redis. When it cannot be fetched, the last good copy is used and the
 * poll carries a warning; the realtime values still flow.
 */
@Injectable()
export class StaticReferenceService {
  constructor(
    private readonly fetcher: ConditionalFetchService,
    @Inject(FETCH_STATE_STORE) private readonly store: FetchStateStorePort,
    private readonly parser: ParkingParserService,
  ) {}

  async get(sourceId: string, ref: StaticReference, now: Date): Promise<ReferenceResult> {
    const cached = await this.store.getReference(sourceId);
    if (cached !== undefined && now.getTime() - Date.parse(cached.fetchedAt) < ref.intervalMs) {
      return { facilities: cached.facilities, warnings: [] };
    }
    try {
      const result = await this.fetcher.fetch(sourceId, 'static', ref);
      if (!result.changed) {
        const facilities = cached?.facilities ?? [];
        await this.store.putReference(sourceId, { fetchedAt: now.toISOString(), facilities });
        return { facilities, warnings: [] };
      }
      const parsed = await this.parser.parse(ref.format, result.body, {
        sourceId,
        receivedAt: now,
        format: { mapping: ref.mapping, statusValues: ref.statusValues, options: ref.options },
      });
      await this.store.putReference(sourceId, { fetchedAt: now.toISOString(), facilities: parsed.facilities });
      await result.commit();
      return {
        facilities: parsed.facilities,
        warnings: parsed.warnings.map((w) => ({ ...w, ref: `static ${w.ref ?? ''}`.trim() })),
      };
    } catch (error) {
      const code = error instanceof AppException ? `${error.code}: ` : '';
      const message = `static reference unavailable (${code}${(error as Error).message}); ${cached ? 'using the copy fetched at ' + cached.fetchedAt : 'no copy yet'}`;
      return {
        facilities: cached?.facilities ?? [],
        warnings: [{ code: ErrorCode.STATIC_UNAVAILABLE, message, ref: 'static' }],
      };
    }
  }
}
