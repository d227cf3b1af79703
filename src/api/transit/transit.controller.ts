import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import Negotiator from 'negotiator';
import { sendCached, sendPrepared } from '../../common/http/cached-response.js';
import { ignoredMeta, parseRouteQuery } from '../../common/http/query-parsing.js';
import { SourceRegistry } from '../../config/source-registry.service.js';
import { punctualityQuery } from '../../transit/punctuality.query.js';
import { type Punctuality, PunctualityService } from '../../transit/punctuality.service.js';
import { TransitQueryService } from '../../transit/transit-query.service.js';
import {
  alertListQuery,
  departuresQuery,
  routeListQuery,
  stopListQuery,
  vehicleListQuery,
} from '../../transit/transit-queries.js';
import { DeparturesAnswers } from './departures.answers.js';

/** Timetable data changes once a day; live data every poll. */
const STATIC_MAX_AGE_S = 300;
const LIVE_MAX_AGE_S = 5;
/** A punctuality range that ended this long ago no longer changes: cached for an hour. */
const SETTLED_AFTER_MS = 24 * 3_600_000;

/**
 * Punctuality answers: `{ data, meta }`. Cached for half the shortest poll interval of the
 * realtime sources of the feed (new delay reports arrive no faster), an hour once the range is settled.
 */
function sendPunctuality(
  req: Request,
  res: Response,
  registry: SourceRegistry,
  data: Punctuality,
  ignored: string[],
): void {
  const feedId = (data.routeId ?? data.stopId ?? '').split(':')[0];
  const intervals = registry
    .all()
    .filter((s) => s.kind === 'gtfs-rt' && s.feed === feedId)
    .map((s) => s.intervalMs / 2_000);
  const settled = Date.now() - Date.parse(data.to) > SETTLED_AFTER_MS;
  const maxAgeS = settled ? 3_600 : intervals.length === 0 ? STATIC_MAX_AGE_S : Math.min(...intervals);
  const meta = { generatedAt: new Date().toISOString(), ...ignoredMeta(ignored) };
  sendCached(req, res, data, { data, meta }, maxAgeS);
}

/**
 * The client's languages, preferred first (Accept-Language): headsigns, stop and route names come
 * from translations.txt in them, so caches must keep one copy per language (Vary).
 */
function languagesOf(req: Request, res: Response): string[] {
  res.vary('Accept-Language');
  return new Negotiator(req).languages();
}

function list<T>(
  data: T[],
  next: string | null,
  ignored: string[],
): { data: T[]; meta: { count: number; next: string | null; generatedAt: string; ignored?: string[] } } {
  return { data, meta: { count: data.length, next, generatedAt: new Date().toISOString(), ...ignoredMeta(ignored) } };
}

@Controller('v1/stops')
export class StopsController {
  constructor(
    private readonly transit: TransitQueryService,
    private readonly punctuality: PunctualityService,
    private readonly registry: SourceRegistry,
    private readonly answers: DeparturesAnswers,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { params, ignored } = parseRouteQuery(stopListQuery, query);
    const page = await this.transit.stops(params, languagesOf(req, res));
    sendCached(req, res, page, list(page.data, page.next, ignored), STATIC_MAX_AGE_S);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const stop = await this.transit.stop(id, languagesOf(req, res));
    sendCached(req, res, stop, stop, STATIC_MAX_AGE_S);
  }

  @Get(':id/departures')
  async departures(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { params, ignored } = parseRouteQuery(departuresQuery, query);
    sendPrepared(req, res, await this.answers.json(id, params, ignored, languagesOf(req, res)));
  }

  /** On-time share and delay percentiles over a range, overall and by hour (docs/interface.md § Punctuality). */
  @Get(':id/punctuality')
  async punctualityOf(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { params, ignored } = parseRouteQuery(punctualityQuery, query);
    sendPunctuality(req, res, this.registry, await this.punctuality.forStop(id, params), ignored);
  }
}

@Controller('v1/routes')
export class RoutesController {
  constructor(
    private readonly transit: TransitQueryService,
    private readonly punctuality: PunctualityService,
    private readonly registry: SourceRegistry,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { params, ignored } = parseRouteQuery(routeListQuery, query);
    const data = await this.transit.routes(params.source, languagesOf(req, res));
    sendCached(req, res, data, list(data, null, ignored), STATIC_MAX_AGE_S);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const route = await this.transit.route(id, languagesOf(req, res));
    sendCached(req, res, route, route, STATIC_MAX_AGE_S);
  }

  /** On-time share and delay percentiles of the route's calls over a range (docs/interface.md § Punctuality). */
  @Get(':id/punctuality')
  async punctualityOf(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { params, ignored } = parseRouteQuery(punctualityQuery, query);
    sendPunctuality(req, res, this.registry, await this.punctuality.forRoute(id, params), ignored);
  }
}

@Controller('v1/vehicles')
export class VehiclesController {
  constructor(private readonly transit: TransitQueryService) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { params, ignored } = parseRouteQuery(vehicleListQuery, query);
    const data = await this.transit.vehicles(params);
    sendCached(req, res, data, list(data, null, ignored), LIVE_MAX_AGE_S);
  }
}

@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly transit: TransitQueryService) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { params, ignored } = parseRouteQuery(alertListQuery, query);
    const data = await this.transit.alerts(params);
    sendCached(req, res, data, list(data, null, ignored), LIVE_MAX_AGE_S);
  }
}
