import { compareCursors } from './cursor.js';
import type { LiveEvent } from './live-event.js';
import type { LiveSink } from './live-sink.js';
import type { SubscriptionEntry, SubscriptionOwner } from './subscription-entry.js';

export type { LiveChannel, LiveSink, LiveTransport, PushCounter } from './live-sink.js';

/**
 * One client connection: its subscriptions and what it has not been sent yet.
 *
 * While a subscribe is in progress (snapshot or replay being read), live events for the client
 * are held, then sent after the ack, in cursor order. While its buffer is congested (a slow
 * client), only the latest event per entity is kept — never an unbounded queue.
 */
export class LiveSubscriber implements SubscriptionOwner {
  readonly entries: Map<string, SubscriptionEntry<LiveSubscriber>> = new Map();
  closed = false;
  private seq = 0;
  private syncing = 0;
  private held: LiveEvent[] = [];
  private readonly latest = new Map<string, LiveEvent>();
  private awaitingDrain = false;

  constructor(readonly sink: LiveSink) {}

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** A live event matched: true means the caller writes it now; false means it was held or coalesced. */
  offer(event: LiveEvent): boolean {
    if (this.syncing > 0) {
      this.held.push(event);
      return false;
    }
    if (this.latest.size > 0 || this.sink.congested()) {
      this.keepLatest(event);
      return false;
    }
    return true;
  }

  beginSync(): void {
    this.syncing += 1;
  }

  /**
   * The subscribe's ack has been sent: its replay goes out now (complete, never coalesced),
   * with whatever was held, sorted by cursor, each event once and only if a subscription covers it.
   */
  endSync(replay: readonly LiveEvent[] = []): void {
    this.syncing -= 1;
    this.held.push(...replay);
    if (this.syncing > 0 || this.closed) return;
    const events = [...this.held, ...this.latest.values()].sort((a, b) => compareCursors(a.key, b.key));
    this.held = [];
    this.latest.clear();
    let previous: string | undefined;
    for (const event of events) {
      if (event.cursor === previous) continue;
      previous = event.cursor;
      if (this.covered(event)) this.sink.write(event);
    }
  }

  /** Number of events kept for a slow client (at most one per entity). */
  get coalesced(): number {
    return this.latest.size;
  }

  private covered(event: LiveEvent): boolean {
    for (const entry of this.entries.values()) if (entry.covers(event)) return true;
    return false;
  }

  private keepLatest(event: LiveEvent): void {
    this.latest.delete(event.entity);
    this.latest.set(event.entity, event);
    this.awaitDrain();
  }

  private awaitDrain(): void {
    if (this.awaitingDrain) return;
    this.awaitingDrain = true;
    this.sink.onceDrained(() => {
      this.awaitingDrain = false;
      this.drain();
    });
  }

  private drain(): void {
    if (this.closed || this.syncing > 0 || this.latest.size === 0) return;
    if (this.sink.congested()) return this.awaitDrain();
    const events = [...this.latest.values()];
    this.latest.clear();
    for (const event of events) this.sink.write(event);
  }
}
