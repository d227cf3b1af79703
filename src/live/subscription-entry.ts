import { type CursorKey, compareCursors } from './cursor.js';
import { cellsInBox } from './geo-cells.js';
import type { LiveEvent } from './live-event.js';
import { ALERTS_ROOM, PARKINGS_ROOM, SOURCES_ROOM, cellRoom, parkingRoom, routeRoom, stopRoom } from './live-rooms.js';
import type { LiveSink } from './live-sink.js';
import type { SubscriptionSpec } from './subscription-spec.js';

/** What an entry knows of its connection (a LiveSubscriber): its entries, whether it is closed, its sink. */
export interface SubscriptionOwner {
  readonly entries: Map<string, SubscriptionEntry>;
  closed: boolean;
  readonly sink: LiveSink;
}

/** One subscription of one client: the rooms it sits in and the exact test of an event against it. */
export class SubscriptionEntry<O extends SubscriptionOwner = SubscriptionOwner> {
  readonly rooms: string[];
  private readonly parkings: ReadonlySet<string>;
  private readonly stops: ReadonlySet<string>;
  private readonly routes: ReadonlySet<string>;

  constructor(
    readonly id: string,
    /** Registration order within the client: an earlier entry delivers an event two entries match. */
    readonly seq: number,
    readonly subscriber: O,
    readonly spec: SubscriptionSpec,
    /** Events after this cursor reach the client through this entry (replayed or live). */
    public from: CursorKey,
  ) {
    this.parkings = new Set(spec.parkings);
    this.stops = new Set(spec.stops);
    this.routes = new Set(spec.routes);
    this.rooms = [
      // allParkings sits in the room every parking event goes to; its ids would add nothing.
      ...(spec.allParkings ? [PARKINGS_ROOM] : spec.parkings.map(parkingRoom)),
      ...(spec.area === undefined ? [] : cellsInBox(spec.area.shape.box).map(cellRoom)),
      ...spec.stops.map(stopRoom),
      ...spec.routes.map(routeRoom),
      ...(spec.alerts ? [ALERTS_ROOM] : []),
      ...(spec.sources ? [SOURCES_ROOM] : []),
    ];
  }

  matches(event: LiveEvent): boolean {
    const r = event.routing;
    if (r.everyone === 'alerts' && this.spec.alerts) return true;
    if (r.everyone === 'sources' && this.spec.sources) return true;
    if (r.parkingId !== undefined && (this.spec.allParkings || this.parkings.has(r.parkingId))) return true;
    const area = this.spec.area?.shape;
    if (area !== undefined && r.locations.some((p) => area.contains(p))) return true;
    if (r.stopIds.some((id) => this.stops.has(id))) return true;
    return r.routeIds.some((id) => this.routes.has(id));
  }

  /** Whether the client gets this event through this entry. */
  covers(event: LiveEvent): boolean {
    return compareCursors(event.key, this.from) > 0 && this.matches(event);
  }
}
