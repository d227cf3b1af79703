import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { ChangeStreamReader } from './change-stream.reader.js';
import { type CursorKey, formatCursor, parseCursor } from './cursor.js';
import type { LiveEvent } from './live-event.js';
import type { LiveSnapshot, SubscribeOk, UnsubscribeAck } from './live-protocol.js';
import { LiveSnapshotService } from './live-snapshot.service.js';
import type { LiveSubscriber } from './live-subscriber.js';
import { ReplayService } from './replay.service.js';
import { SnapshotCoalescer } from './snapshot-coalescer.js';
import { SubscriptionEntry } from './subscription-entry.js';
import { parseSubscription } from './subscription-spec.js';
import { SubscriptionRegistry } from './subscription-registry.js';

/**
 * subscribe / unsubscribe for both transports. The subscription is registered first (at the
 * reader's position, so nothing dispatched afterwards is missed), then the snapshot or replay
 * is read; live events arriving meanwhile are held and follow the ack.
 */
@Injectable()
export class LiveSubscribeService {
  /** Identical subscribes at the same position share one snapshot read (a reconnection storm). */
  private readonly snapshotReads = new SnapshotCoalescer<LiveSnapshot>();

  constructor(
    private readonly registry: SubscriptionRegistry,
    private readonly reader: ChangeStreamReader,
    private readonly replay: ReplayService,
    private readonly snapshots: LiveSnapshotService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Validates, registers, answers through `reply`, then sends the replay and held events. Throws AppException. */
  async subscribe(
    subscriber: LiveSubscriber,
    input: unknown,
    defaultSince: string | undefined,
    reply: (ack: SubscribeOk) => void,
  ): Promise<void> {
    const spec = parseSubscription(input, this.config.live);
    const since = spec.since === undefined ? defaultSince : (spec.since ?? undefined);
    const sinceKey = since === undefined ? undefined : parseCursor(since);
    await this.reader.ready;
    // Counted after the last await, with no await until registry.add: subscribes sent together
    // cannot all pass the check before the first of them is registered.
    if (subscriber.entries.size >= this.config.live.maxSubscriptions) {
      throw new AppException(
        ErrorCode.BAD_REQUEST,
        `at most ${this.config.live.maxSubscriptions} subscriptions per connection: unsubscribe one first`,
        { details: { limit: 'maxSubscriptions', max: this.config.live.maxSubscriptions } },
      );
    }
    const upTo = parseCursor(this.reader.position) as CursorKey;
    const seq = subscriber.nextSeq();
    const entry = new SubscriptionEntry(`s${seq}`, seq, subscriber, spec, sinceKey ?? upTo);
    if (!this.registry.add(entry)) throw new AppException(ErrorCode.UNAVAILABLE, 'the connection closed');
    subscriber.beginSync();
    let replayed: LiveEvent[] = [];
    try {
      const missed = sinceKey === undefined ? undefined : await this.replay.missed(entry, sinceKey, upTo);
      if (missed !== undefined && since !== undefined) {
        replayed = missed;
        reply({ ok: true, subscription: entry.id, cursor: since, resumed: true, snapshot: {} });
      } else {
        entry.from = upTo;
        const snapshot = await this.snapshotReads.read(formatCursor(upTo), spec, () => this.snapshots.build(spec));
        reply({ ok: true, subscription: entry.id, cursor: formatCursor(upTo), resumed: false, snapshot });
      }
    } catch (error) {
      this.registry.remove(entry);
      throw error;
    } finally {
      subscriber.endSync(replayed);
    }
  }

  unsubscribe(subscriber: LiveSubscriber | undefined, input: unknown): UnsubscribeAck {
    const id =
      typeof input === 'object' && input !== null ? (input as { subscription?: unknown }).subscription : undefined;
    if (typeof id !== 'string') {
      throw new AppException(ErrorCode.BAD_REQUEST, 'subscription: expected the id a subscribe ack gave');
    }
    const entry = subscriber?.entries.get(id);
    if (entry === undefined) throw new AppException(ErrorCode.NOT_FOUND, `no subscription "${id}" on this connection`);
    this.registry.remove(entry);
    return { ok: true, subscription: id };
  }
}
