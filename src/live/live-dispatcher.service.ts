import { Injectable, Logger } from '@nestjs/common';
import type { GeoPoint } from '../parking/parking.model.js';
import { type LiveEvent, type StreamEntry, toLiveEvent } from './live-event.js';
import type { LiveChannel, LiveSink } from './live-subscriber.js';
import { ReplayLog } from './replay-log.js';
import { SubscriptionRegistry } from './subscription-registry.js';

/** Turns change-stream entries into events and hands each to the clients it matches. */
@Injectable()
export class LiveDispatcher {
  private readonly logger = new Logger('Live');
  /** Last known location per parking, so a parking that moves is also sent to the cell it left. */
  private readonly locations = new Map<string, GeoPoint | null>();

  constructor(
    private readonly registry: SubscriptionRegistry,
    private readonly log: ReplayLog,
  ) {}

  /** One batch, in stream order (synchronous: no subscribe interleaves within a batch). */
  dispatch(entries: readonly StreamEntry[]): void {
    for (const entry of entries) {
      try {
        const event = toLiveEvent(entry, (id) => this.locations.get(id));
        if (event === undefined) continue;
        if (event.name === 'parking') this.locations.set(event.payload.parking.id, event.payload.parking.location);
        this.log.append(event);
        this.deliver(event);
      } catch (error) {
        this.logger.error(`change ${entry.cursor} not delivered: ${(error as Error).message}`);
      }
    }
  }

  private deliver(event: LiveEvent): void {
    const now = new Map<LiveChannel, LiveSink[]>();
    for (const subscriber of this.registry.match(event)) {
      if (!subscriber.offer(event)) continue;
      const sinks = now.get(subscriber.sink.channel);
      if (sinks === undefined) now.set(subscriber.sink.channel, [subscriber.sink]);
      else sinks.push(subscriber.sink);
    }
    for (const [channel, sinks] of now) channel.writeMany(event, sinks);
  }
}
