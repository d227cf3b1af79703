import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import type { ParkingSourceConfig } from '../config/source-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { changedParkings } from '../parking/parking-diff.js';
import { normalizeParkings } from '../parking/parking-normalizer.js';
import { toHistoryBatch } from '../parking/parking-history.mapper.js';
import { PARKING_HISTORY_QUEUE, type ParkingHistoryQueuePort } from '../parking/ports/parking-history.port.js';
import { PARKING_LIVE_STATE, type ParkingLiveStatePort } from '../parking/ports/parking-live-state.port.js';
import { ParkingParserService } from './formats/parking-parser.service.js';
import { StaticReferenceService } from './static-reference.service.js';

export interface IngestStats {
  entities: number;
  changes: number;
  warnings: number;
  clockSkewMs: number;
  cursors: string[];
}

/** bytes -> adapter -> canonical parkings -> change detection -> live state + change stream + history queue. */
@Injectable()
export class ParkingIngestService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PARKING_LIVE_STATE) private readonly live: ParkingLiveStatePort,
    @Inject(PARKING_HISTORY_QUEUE) private readonly history: ParkingHistoryQueuePort,
    private readonly reference: StaticReferenceService,
    private readonly parser: ParkingParserService,
  ) {}

  async ingest(source: ParkingSourceConfig, body: Buffer, receivedAt: Date): Promise<IngestStats> {
    const parsed = await this.parser.parse(source.format, body, {
      sourceId: source.id,
      receivedAt,
      format: { mapping: source.mapping, statusValues: source.statusValues, options: source.options },
    });
    const ref =
      source.static === undefined ? undefined : await this.reference.get(source.id, source.static, receivedAt);
    const ids = new Set(
      [...parsed.facilities, ...parsed.observations, ...(ref?.facilities ?? [])].map(
        (r) => `${source.id}:${r.localId}`,
      ),
    );
    const previous = await this.live.getMany([...ids]);
    const { parkings, clockSkewMs } = normalizeParkings({
      sourceId: source.id,
      parsed,
      reference: ref?.facilities,
      receivedAt,
      previous,
      frozenAfterMs: this.config.frozenAfterMs,
    });
    const changed = changedParkings(parkings, previous);
    const cursors = await this.live.applyChanges(changed);
    await this.history.enqueue(toHistoryBatch(changed, previous));
    return {
      entities: parkings.length,
      changes: changed.length,
      warnings: parsed.warnings.length + (ref?.warnings.length ?? 0),
      clockSkewMs,
      cursors,
    };
  }
}
