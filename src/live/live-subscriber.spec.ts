import { type LiveEvent, toLiveEvent } from './live-event.js';
import { type LiveChannel, type LiveSink, LiveSubscriber } from './live-subscriber.js';
import { SubscriptionEntry } from './subscription-entry.js';
import { SubscriptionRegistry } from './subscription-registry.js';
import { parseSubscription } from './subscription-spec.js';

const limits = { maxIdsPerSubscription: 100, maxRadiusM: 5_000, maxBboxSideM: 10_000 };

/** A sink that records writes and whose congestion the test switches. */
class RecordingSink implements LiveSink {
  written: string[] = [];
  busy = false;
  private drained: Array<() => void> = [];
  readonly channel: LiveChannel = {
    transport: 'sse',
    writeMany: (event, sinks) => sinks.forEach((s) => s.write(event)),
  };
  constructor(readonly id: string) {}
  congested(): boolean {
    return this.busy;
  }
  write(event: LiveEvent): void {
    this.written.push(`${event.cursor} ${event.entity}`);
  }
  onceDrained(listener: () => void): void {
    this.drained.push(listener);
  }
  drain(): void {
    this.busy = false;
    const listeners = this.drained;
    this.drained = [];
    listeners.forEach((l) => l());
  }
}

function parkingEvent(cursor: string, id: string, lat: number, lon: number, free = 1): LiveEvent {
  const data = JSON.stringify({ id, location: { lat, lon }, free });
  return toLiveEvent({ cursor, fields: ['type', 'parking', 'id', id, 'data', data] }) as LiveEvent;
}

function subscribe(registry: SubscriptionRegistry, subscriber: LiveSubscriber, request: unknown, from = '0-0') {
  const seq = subscriber.nextSeq();
  const [ms, s] = from.split('-').map(Number);
  const entry = new SubscriptionEntry(`s${seq}`, seq, subscriber, parseSubscription(request, limits), { ms, seq: s });
  registry.add(entry);
  return entry;
}

// Notre-Dame car park (cell 9316:69), and a point 140 m east of it in the same cell.
const ND = { lat: 46.58349874703973, lon: 0.3450022616476489 };
const EAST = { lat: 46.5835, lon: 0.3468 };

describe('subscription registry', () => {
  it('finds subscribers through rooms, then checks the exact area', () => {
    const registry = new SubscriptionRegistry();
    const near = new LiveSubscriber(new RecordingSink('near'));
    const far = new LiveSubscriber(new RecordingSink('far'));
    subscribe(registry, near, { area: { near: ND, radius: 100 } });
    subscribe(registry, far, { area: { near: EAST, radius: 100 } });
    const matched = registry.match(parkingEvent('1-0', 'gp:1', ND.lat, ND.lon));
    expect([...matched].map((s) => s.sink.id)).toEqual(['near']);
  });

  it('delivers once to a client whose two subscriptions match, and forgets a client that left', () => {
    const registry = new SubscriptionRegistry();
    const client = new LiveSubscriber(new RecordingSink('c'));
    subscribe(registry, client, { parkings: ['gp:1'] });
    subscribe(registry, client, { area: { bbox: [0.34, 46.58, 0.35, 46.59] } });
    // The box spans cells 9316..9318 north-south and 68..70 east-west.
    expect(registry.stats()).toEqual({ rooms: 1 + 3 * 3, subscriptions: 2 });
    expect(registry.match(parkingEvent('1-0', 'gp:1', ND.lat, ND.lon)).size).toBe(1);
    registry.removeSubscriber(client);
    expect(registry.stats()).toEqual({ rooms: 0, subscriptions: 0 });
    expect(registry.match(parkingEvent('2-0', 'gp:1', ND.lat, ND.lon)).size).toBe(0);
  });
});

describe('LiveSubscriber', () => {
  it('holds live events during a subscribe, then sends replay and held events in cursor order, once each', () => {
    const registry = new SubscriptionRegistry();
    const sink = new RecordingSink('c');
    const client = new LiveSubscriber(sink);
    subscribe(registry, client, { parkings: ['gp:1', 'gp:2'] }, '10-0');
    client.beginSync();
    expect(client.offer(parkingEvent('12-0', 'gp:2', 0, 0))).toBe(false);
    expect(client.offer(parkingEvent('13-0', 'gp:1', 0, 0))).toBe(false);
    expect(sink.written).toEqual([]);
    const replay = [parkingEvent('11-0', 'gp:1', 0, 0), parkingEvent('12-0', 'gp:2', 0, 0)];
    client.endSync(replay);
    expect(sink.written).toEqual(['11-0 parking:gp:1', '12-0 parking:gp:2', '13-0 parking:gp:1']);
    expect(client.offer(parkingEvent('14-0', 'gp:1', 0, 0))).toBe(true);
  });

  it('drops held events no subscription covers (at or before its cursor)', () => {
    const registry = new SubscriptionRegistry();
    const sink = new RecordingSink('c');
    const client = new LiveSubscriber(sink);
    subscribe(registry, client, { parkings: ['gp:1'] }, '20-0');
    client.beginSync();
    client.offer(parkingEvent('19-0', 'gp:1', 0, 0));
    client.offer(parkingEvent('21-0', 'gp:1', 0, 0));
    client.endSync();
    expect(sink.written).toEqual(['21-0 parking:gp:1']);
  });

  it('keeps only the latest event per entity for a slow client, and sends them in order once drained', () => {
    const registry = new SubscriptionRegistry();
    const sink = new RecordingSink('slow');
    const client = new LiveSubscriber(sink);
    subscribe(registry, client, { parkings: ['gp:1', 'gp:2', 'gp:3'] });
    sink.busy = true;
    for (let i = 1; i <= 1000; i++) expect(client.offer(parkingEvent(`${i}-0`, `gp:${(i % 3) + 1}`, 0, 0))).toBe(false);
    expect(client.coalesced).toBe(3);
    expect(sink.written).toEqual([]);
    sink.drain();
    expect(sink.written).toEqual(['998-0 parking:gp:3', '999-0 parking:gp:1', '1000-0 parking:gp:2']);
    expect(client.coalesced).toBe(0);
    expect(client.offer(parkingEvent('1001-0', 'gp:1', 0, 0))).toBe(true);
  });

  it('waits for another drain when still congested', () => {
    const registry = new SubscriptionRegistry();
    const sink = new RecordingSink('slow');
    const client = new LiveSubscriber(sink);
    subscribe(registry, client, { parkings: ['gp:1'] });
    sink.busy = true;
    client.offer(parkingEvent('1-0', 'gp:1', 0, 0));
    sink.drain();
    expect(sink.written).toEqual(['1-0 parking:gp:1']);
    sink.busy = true;
    client.offer(parkingEvent('2-0', 'gp:1', 0, 0));
    client.offer(parkingEvent('3-0', 'gp:1', 0, 0));
    expect(client.offer(parkingEvent('4-0', 'gp:1', 0, 0))).toBe(false);
    sink.drain();
    expect(sink.written).toEqual(['1-0 parking:gp:1', '4-0 parking:gp:1']);
  });
});
