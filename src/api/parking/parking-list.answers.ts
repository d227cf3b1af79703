import { Injectable } from '@nestjs/common';
import { prepareResponse, type PreparedResponse } from '../../common/http/cached-response.js';
import { ignoredMeta, parseRouteQuery } from '../../common/http/query-parsing.js';
import { SourceRegistry } from '../../config/source-registry.service.js';
import { type ParkingListQuery, parkingListQuery } from '../../parking/parking-list.query.js';
import { ParkingQueryService } from '../../parking/parking-query.service.js';
import type { ComputedRead } from '../http/fast-read/computed-read.js';

/**
 * The JSON answers of GET /v1/parkings, for the controller and the fast read path alike. The body
 * and the ETag's identity are assembled around the page's JSON (ParkingQueryService.listJson),
 * byte for byte JSON.stringify({ data, meta }) and JSON.stringify([false, page]) as built
 * before: the data is serialised once, not twice.
 */
@Injectable()
export class ParkingListAnswers implements ComputedRead {
  readonly route = '/v1/parkings';

  constructor(
    private readonly parkings: ParkingQueryService,
    private readonly registry: SourceRegistry,
  ) {}

  async json(q: ParkingListQuery, ignored: string[], now = new Date()): Promise<PreparedResponse> {
    const page = await this.parkings.listJson(q, now);
    const meta = {
      count: page.count,
      next: page.next,
      generatedAt: new Date().toISOString(),
      ...ignoredMeta(ignored),
      ...(page.hint === undefined ? {} : { hint: page.hint }),
    };
    const hint = page.hint === undefined ? '' : `,"hint":${JSON.stringify(page.hint)}`;
    const identity = `[false,{"data":${page.data},"next":${JSON.stringify(page.next)}${hint}}]`;
    const body = `{"data":${page.data},"meta":${JSON.stringify(meta)}}`;
    return prepareResponse(identity, body, this.maxAgeS(), 'application/json');
  }

  /**
   * For the fast read path: the JSON answers only (GeoJSON, asked by `format` or by an Accept
   * header that needs content negotiation, stays with the controller). Throws (a 400) as the
   * controller's parse does.
   */
  prepare(query: Record<string, unknown>, accept: string | undefined): (() => Promise<PreparedResponse>) | undefined {
    const { params, ignored } = parseRouteQuery(parkingListQuery, query);
    if (params.format === 'geojson') return undefined;
    if (params.format === undefined && !acceptsJsonFirst(accept)) return undefined;
    return () => this.json(params, ignored);
  }

  /** Clients may cache for half the shortest poll interval of the sources involved. */
  maxAgeS(sourceId?: string): number {
    const intervals = this.registry
      .all()
      .filter((s) => s.kind === 'parking' && (sourceId === undefined || s.id === sourceId))
      .map((s) => s.intervalMs);
    return intervals.length === 0 ? 0 : Math.min(...intervals) / 2_000;
  }
}

/** Accept headers for which Express's req.accepts(['application/json', GEOJSON]) surely picks JSON. */
function acceptsJsonFirst(accept: string | undefined): boolean {
  return accept === undefined || accept === '*/*' || accept === 'application/json';
}
