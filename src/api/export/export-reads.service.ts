import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { GtfsRtSourceConfig } from '../../config/source-config.js';
import { SourceRegistry } from '../../config/source-registry.service.js';
import type { ParkingExportFilters } from '../../export/export-queries.js';
import type { RealtimeSnapshot } from '../../export/gtfs-rt/gtfs-rt-export.js';
import { SOURCE_HEALTH_STORE, type SourceHealthStorePort } from '../../ops/source-health.port.js';
import { ParkingQueryService, type ServedParking } from '../../parking/parking-query.service.js';
import { TRANSIT_LIVE_STATE, type TransitLiveStatePort } from '../../transit/ports/transit-live-state.port.js';

/** What the exports read: every car park a filter matches, and the realtime state of one timetable. */
@Injectable()
export class ExportReadsService {
  constructor(
    private readonly parkings: ParkingQueryService,
    @Inject(TRANSIT_LIVE_STATE) private readonly live: TransitLiveStatePort,
    private readonly registry: SourceRegistry,
    @Inject(SOURCE_HEALTH_STORE) private readonly health: SourceHealthStorePort,
  ) {}

  /**
   * What the realtime state of these sources was last changed by: each one's last successful
   * poll and last change (written by the poll after it applied its changes).
   */
  async realtimeVersion(sources: readonly GtfsRtSourceConfig[]): Promise<string> {
    const health = await Promise.all(sources.map((s) => this.health.get(s.id)));
    return JSON.stringify(health.map((h, i) => [sources[i].id, h?.lastSuccessAt ?? null, h?.lastChangeAt ?? null]));
  }

  /**
   * Every car park matching the /v1/parkings filters, in its order (by distance with near, else
   * by id): one list query without a page limit (paging through it would read and sort every
   * car park once per page).
   */
  async allParkings(filters: ParkingExportFilters, now = new Date()): Promise<ServedParking[]> {
    return (await this.parkings.list({ ...filters, limit: Number.MAX_SAFE_INTEGER }, now)).data;
  }

  /** Seconds a client may cache a parking export: half the shortest poll interval of the sources involved. */
  parkingMaxAgeS(source?: string): number {
    const wanted = source?.split(',');
    const intervals = this.registry
      .all()
      .filter((s) => s.kind === 'parking' && (wanted === undefined || wanted.includes(s.id)))
      .map((s) => s.intervalMs);
    return intervals.length === 0 ? 0 : Math.min(...intervals) / 2_000;
  }

  /**
   * The gtfs-rt sources whose `feed` is this gtfs source, or the gtfs-rt source of that id when it
   * has no timetable (no `feed`: its ids are its own); 404 when neither has that id.
   */
  realtimeSourcesOf(feedId: string): GtfsRtSourceConfig[] {
    const all = this.registry.all();
    if (!all.some((s) => s.kind === 'gtfs' && s.id === feedId)) {
      const alone = all.find((s): s is GtfsRtSourceConfig => s.kind === 'gtfs-rt' && s.id === feedId);
      if (alone !== undefined && alone.feed === undefined) return [alone];
      throw new AppException(
        ErrorCode.NOT_FOUND,
        `no gtfs source, nor gtfs-rt source without feed, with id "${feedId}"`,
      );
    }
    return all.filter((s): s is GtfsRtSourceConfig => s.kind === 'gtfs-rt' && s.feed === feedId);
  }

  /** What each realtime source of the timetable holds now (only the part `kind` needs). */
  async realtime(
    sources: readonly GtfsRtSourceConfig[],
    kind: 'trips' | 'vehicles' | 'alerts',
  ): Promise<RealtimeSnapshot[]> {
    return Promise.all(
      sources.map(async (s) => ({
        sourceId: s.id,
        trips: kind === 'trips' ? await this.live.allTrips(s.id) : [],
        vehicles: kind === 'vehicles' ? await this.live.vehicles([s.id]) : [],
        alerts: kind === 'alerts' ? await this.live.alerts([s.id]) : [],
      })),
    );
  }
}
