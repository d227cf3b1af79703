import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import type { ParkingSourceConfig } from '../../config/source-config.js';
import { APP_CONFIG } from '../../config/tokens.js';
import type { ParseWarning } from '../../parking/parking.model.js';
import { WARNING_SAMPLE } from '../../parking/pipeline/poll-changes.js';
import { PARKING_HISTORY_QUEUE, type ParkingHistoryQueuePort } from '../../parking/ports/parking-history.port.js';
import {
  PARKING_LIVE_STATE,
  type AppliedChanges,
  type ParkingLiveStatePort,
} from '../../parking/ports/parking-live-state.port.js';
import { ParkingParserService, type PlacedOutcome } from './parking-parser.service.js';
import type { PollTask, ReadStates } from './poll-state-keeper.js';
import { StaticReferenceService } from './static-reference.service.js';

export interface IngestStats {
  entities: number;
  changes: number;
  warnings: number;
  /** The fetch's warnings, the static reference's, then the payload's; at most WARNING_SAMPLE. */
  warningSample: ParseWarning[];
  clockSkewMs: number;
  cursors: string[];
}

/** A poll reads states from Redis at most this many times (a write by another process can race each read). */
const MAX_STATE_READS = 3;

type Changes = Extract<PlacedOutcome, { kind: 'changes' }>;

/**
 * bytes -> adapter -> canonical parkings -> change detection -> live state + change stream + history queue.
 * Parse, normalize and diff run together where the source's previous states are kept (in a worker
 * thread for large payloads), valid while the source's revision in Redis is the one they were
 * read or written at; only the changes come back to the event loop.
 */
@Injectable()
export class ParkingIngestService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PARKING_LIVE_STATE) private readonly live: ParkingLiveStatePort,
    @Inject(PARKING_HISTORY_QUEUE) private readonly history: ParkingHistoryQueuePort,
    private readonly reference: StaticReferenceService,
    private readonly parser: ParkingParserService,
  ) {}

  /**
   * `fetchWarnings`: what the fetch said of these bytes (PAGES_TRUNCATED), counted and listed first.
   * `dateHeaderSkewMs`: the response's HTTP `Date` against the hub's clock, for the skew estimate.
   */
  async ingest(
    source: ParkingSourceConfig,
    body: Buffer,
    receivedAt: Date,
    fetchWarnings: ParseWarning[] = [],
    dateHeaderSkewMs?: number,
  ): Promise<IngestStats> {
    const found =
      source.static === undefined ? undefined : await this.reference.get(source.id, source.static, receivedAt);
    const ref = { facilities: found?.facilities, warnings: [...fetchWarnings, ...(found?.warnings ?? [])] };
    const poll = await this.pollChanges({
      format: source.format,
      bytes: body,
      ctx: {
        sourceId: source.id,
        receivedAt,
        format: { mapping: source.mapping, statusValues: source.statusValues, options: source.options },
        ...(source.timeZone === undefined ? {} : { timeZone: source.timeZone }),
        ...(source.crs === undefined ? {} : { crs: source.crs }),
      },
      reference: ref.facilities,
      idPattern: source.idPattern,
      frozenAfterMs: this.config.frozenAfterMs,
      historyRetentionMs: this.config.historyRetentionMs,
      staleAfterMs: source.staleAfterMs,
      timestamps: source.timestamps,
      ...(dateHeaderSkewMs === undefined ? {} : { dateHeaderSkewMs }),
      revision: await this.live.sourceRevision(source.id),
    });
    let applied: AppliedChanges | undefined;
    try {
      applied = await this.live.applySerialized(poll.changes);
    } finally {
      this.parser.commit(poll.place, {
        sourceId: source.id,
        token: poll.token,
        revision: applied?.revisions.get(source.id),
      });
    }
    await this.history.enqueue(poll.history);
    return {
      entities: poll.entities,
      changes: poll.changes.length,
      warnings: poll.warnings + ref.warnings.length,
      warningSample: [...ref.warnings, ...poll.warningSample].slice(0, WARNING_SAMPLE),
      clockSkewMs: poll.clockSkewMs,
      cursors: applied.cursors,
    };
  }

  /**
   * On a poll whose payload did not change: refreshes the source's `static:` reference when due;
   * true when the payload must be processed again to join what the reference now says.
   */
  async referenceChanged(source: ParkingSourceConfig, at: Date): Promise<boolean> {
    if (source.static === undefined) return false;
    return (await this.reference.refreshIfDue(source.id, source.static, at)) === 'changed';
  }

  /** Runs the poll; when it asks for previous states it does not hold, reads them and runs it again. */
  private async pollChanges(task: PollTask): Promise<Changes> {
    let states: ReadStates | undefined;
    for (let reads = 0; ; reads++) {
      const outcome = await this.parser.poll(states === undefined ? task : { ...task, states });
      if (outcome.kind === 'changes') return outcome;
      if (reads === MAX_STATE_READS) break;
      const read = await this.live.readSourceStates(task.ctx.sourceId, outcome.ids);
      states = { revision: read.revision, ids: outcome.ids, stored: read.stored };
    }
    throw new Error(`parking ingest ${task.ctx.sourceId}: previous states kept changing while being read`);
  }
}
