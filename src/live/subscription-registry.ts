import { Injectable, Optional } from '@nestjs/common';
import { MetricsService } from '../ops/metrics/metrics.service.js';
import type { LiveEvent } from './live-event.js';
import type { LiveSubscriber } from './live-subscriber.js';
import type { SubscriptionEntry } from './subscription-entry.js';

/**
 * Rooms -> subscriptions. Matching an event looks only at the rooms the event names (its
 * parking, its grid cell, its stop and routes...), so its cost follows the number of
 * interested subscriptions, not the number of connected clients.
 */
@Injectable()
export class SubscriptionRegistry {
  private readonly rooms = new Map<string, Set<SubscriptionEntry<LiveSubscriber>>>();
  private entryCount = 0;

  /** Metrics are optional so the registry can be used (and tested) on its own. */
  constructor(@Optional() private readonly metrics?: MetricsService) {}

  /** False when the client is already gone. */
  add(entry: SubscriptionEntry<LiveSubscriber>): boolean {
    if (entry.subscriber.closed) return false;
    entry.subscriber.entries.set(entry.id, entry);
    for (const room of entry.rooms) {
      let members = this.rooms.get(room);
      if (members === undefined) {
        members = new Set();
        this.rooms.set(room, members);
      }
      members.add(entry);
    }
    this.entryCount += 1;
    this.metrics?.liveSubscriptions.inc({ transport: entry.subscriber.sink.channel.transport });
    return true;
  }

  remove(entry: SubscriptionEntry<LiveSubscriber>): void {
    if (!entry.subscriber.entries.delete(entry.id)) return;
    for (const room of entry.rooms) {
      const members = this.rooms.get(room);
      members?.delete(entry);
      if (members?.size === 0) this.rooms.delete(room);
    }
    this.entryCount -= 1;
    this.metrics?.liveSubscriptions.dec({ transport: entry.subscriber.sink.channel.transport });
  }

  removeSubscriber(subscriber: LiveSubscriber): void {
    subscriber.closed = true;
    for (const entry of [...subscriber.entries.values()]) this.remove(entry);
  }

  /** Every client one of whose subscriptions matches the event exactly, each once. */
  match(event: LiveEvent): Set<LiveSubscriber> {
    const matched = new Set<LiveSubscriber>();
    for (const room of event.routing.rooms) {
      const members = this.rooms.get(room);
      if (members === undefined) continue;
      for (const entry of members) {
        if (!matched.has(entry.subscriber) && entry.matches(event)) matched.add(entry.subscriber);
      }
    }
    return matched;
  }

  stats(): { rooms: number; subscriptions: number } {
    return { rooms: this.rooms.size, subscriptions: this.entryCount };
  }
}
