import { Controller, Get, Optional, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { changeCursorOf } from '../../live/change-cursor.port.js';
import { answerKey, ResponseCache } from '../http/response-cache.js';
import { type PreparedResponse, prepareResponse, sendCached, sendPrepared } from '../../common/http/cached-response.js';
import { ignoredMeta, parseRouteQuery } from '../../common/http/query-parsing.js';
import { type ParkingListQuery, parkingListQuery } from '../../parking/parking-list.query.js';
import { toFeatureCollection } from '../../parking/parking-geojson.mapper.js';
import { ParkingQueryService } from '../../parking/parking-query.service.js';
import { ParkingListAnswers } from './parking-list.answers.js';

const GEOJSON = 'application/geo+json';

@Controller('v1/parkings')
export class ParkingsController {
  constructor(
    private readonly parkings: ParkingQueryService,
    private readonly answers: ParkingListAnswers,
    @Optional() private readonly cache?: ResponseCache,
  ) {}

  @Get()
  async list(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { params: q, ignored } = parseRouteQuery(parkingListQuery, query);
    const geojson =
      q.format === 'geojson' || (q.format === undefined && req.accepts(['application/json', GEOJSON]) === GEOJSON);
    // The same request while nothing changed (same change-stream cursor) reuses the serialised answer.
    const key = answerKey(req.originalUrl, req.headers.accept);
    const cached = (await this.cache?.lookup(key, changeCursorOf(req))) ?? {};
    if (cached.hit !== undefined) return sendPrepared(req, res, cached.hit);
    const prepared = geojson ? await this.geojson(q, ignored) : await this.answers.json(q, ignored);
    this.cache?.store(key, cached.version, prepared, '/v1/parkings');
    sendPrepared(req, res, prepared);
  }

  private async geojson(q: ParkingListQuery, ignored: string[]): Promise<PreparedResponse> {
    const page = await this.parkings.list(q);
    const meta = {
      count: page.data.length,
      next: page.next,
      generatedAt: new Date().toISOString(),
      ...ignoredMeta(ignored),
      ...(page.hint === undefined ? {} : { hint: page.hint }),
    };
    return prepareResponse([true, page], toFeatureCollection(page.data, meta), this.answers.maxAgeS(), GEOJSON);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const parking = await this.parkings.get(id);
    sendCached(req, res, parking, parking, this.answers.maxAgeS(parking.source));
  }
}
