import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { SourceRegistry } from '../config/source-registry.service.js';
import { initialHealth, type SourceHealth } from '../ops/source-health.model.js';
import { SOURCE_HEALTH_STORE, type SourceHealthStorePort } from '../ops/source-health.port.js';
import { ParkingQueryService, type ServedParking } from '../parking/parking-query.service.js';
import { departuresQuery } from '../transit/transit-queries.js';
import { TransitQueryService } from '../transit/transit-query.service.js';
import type { Alert, Departure, Vehicle } from '../transit/transit.model.js';
import type { LiveSnapshot } from './live-protocol.js';
import type { SubscriptionSpec } from './subscription-spec.js';

/**
 * The current state a new subscription starts from, read through the same services as REST:
 * only the keys the subscription can receive events for.
 */
@Injectable()
export class LiveSnapshotService {
  constructor(
    private readonly parkings: ParkingQueryService,
    @Inject(SOURCE_HEALTH_STORE) private readonly health: SourceHealthStorePort,
    private readonly registry: SourceRegistry,
    private readonly transit: TransitQueryService,
  ) {}

  async build(spec: SubscriptionSpec): Promise<LiveSnapshot> {
    const snapshot: LiveSnapshot = {};
    if (spec.parkings.length > 0 || spec.allParkings || spec.area !== undefined)
      snapshot.parkings = await this.parkingsOf(spec);
    if (spec.stops.length > 0) snapshot.departures = await this.departuresAt(spec.stops);
    if (spec.routes.length > 0) snapshot.vehicles = await this.vehiclesOn(spec.routes);
    if (spec.alerts || spec.routes.length > 0 || spec.stops.length > 0) snapshot.alerts = await this.alerts(spec);
    if (spec.sources) snapshot.sources = await this.sources();
    return snapshot;
  }

  /** The next departures of each stop, as GET /v1/stops/:id/departures gives them by default. */
  private async departuresAt(stops: string[]): Promise<Departure[]> {
    const query = departuresQuery.parse({});
    const lists = await Promise.all(stops.map((id) => ifFound(this.transit.stopDepartures(id, query))));
    return lists.flatMap((list) => list ?? []);
  }

  private async vehiclesOn(routes: string[]): Promise<Vehicle[]> {
    const lists = await Promise.all(routes.map((route) => this.transit.vehicles({ route })));
    return lists.flat();
  }

  /** Active alerts: all of them with `alerts: true`, else those naming a subscribed route or stop (as events do). */
  private async alerts(spec: SubscriptionSpec): Promise<Alert[]> {
    const all = await this.transit.alerts({});
    if (spec.alerts) return all;
    const [routes, stops] = [new Set(spec.routes), new Set(spec.stops)];
    return all.filter((a) => a.routes.some((r) => routes.has(r)) || a.stops.some((s) => stops.has(s)));
  }

  private async parkingsOf(spec: SubscriptionSpec): Promise<ServedParking[]> {
    // Every car park, in GET /v1/parkings order (an area's own order would be lost among them).
    if (spec.allParkings) return (await this.parkings.list({ limit: Number.MAX_SAFE_INTEGER })).data;
    const inArea = spec.area === undefined ? [] : await this.inArea(spec.area.request);
    const seen = new Set(inArea.map((p) => p.id));
    const byId = await Promise.all(spec.parkings.filter((id) => !seen.has(id)).map((id) => this.one(id)));
    return [...inArea, ...byId.filter((p): p is ServedParking => p !== undefined)];
  }

  private async inArea(area: NonNullable<SubscriptionSpec['area']>['request']): Promise<ServedParking[]> {
    const query = 'near' in area ? { near: area.near, radius: area.radius } : { bbox: area.bbox };
    const page = await this.parkings.list({ ...query, limit: Number.MAX_SAFE_INTEGER });
    return page.data;
  }

  private one(id: string): Promise<ServedParking | undefined> {
    return ifFound(this.parkings.get(id));
  }

  /** Same view as GET /v1/sources: every configured source, polled or not yet. */
  private async sources(): Promise<SourceHealth[]> {
    const stored = new Map((await this.health.all()).map((h) => [h.id, h]));
    return this.registry.all().map((source) => {
      const health = stored.get(source.id) ?? initialHealth(source);
      return source.enabled ? { ...health, intervalMs: source.intervalMs } : { ...health, status: 'disabled' };
    });
  }
}

/** A subscribed id the hub does not know (yet) is not an error: it simply has no snapshot. */
async function ifFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof AppException && error.code === ErrorCode.NOT_FOUND) return undefined;
    throw error;
  }
}
