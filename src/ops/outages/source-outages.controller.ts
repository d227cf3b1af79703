import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';
import { sendCached } from '../../common/http/cached-response.js';
import { ignoredMeta, parseRouteQuery } from '../../common/http/query-parsing.js';
import { SourceRegistry } from '../../config/source-registry.service.js';
import { SOURCE_HEALTH_STORE, type SourceHealthStorePort } from '../source-health.port.js';
import { decodeOutageCursor, encodeOutageCursor, outageListQuery } from './outage-list.query.js';
import { servedOutages } from './served-outage.js';
import { SOURCE_OUTAGE_STORE, type SourceOutageStorePort } from './source-outage.port.js';

/** Outage history of one source, newest first (the periods it was `down`). */
@Controller('v1/sources/:id/outages')
export class SourceOutagesController {
  constructor(
    private readonly registry: SourceRegistry,
    @Inject(SOURCE_OUTAGE_STORE) private readonly outages: SourceOutageStorePort,
    @Inject(SOURCE_HEALTH_STORE) private readonly health: SourceHealthStorePort,
  ) {}

  @Get()
  async list(
    @Param('id') id: string,
    @Query() query: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (this.registry.get(id) === undefined) throw new AppException(ErrorCode.NOT_FOUND, `no source with id "${id}"`);
    const { params: q, ignored } = parseRouteQuery(outageListQuery, query);
    const before = q.cursor === undefined ? undefined : decodeOutageCursor(q.cursor);
    if (q.cursor !== undefined && before === undefined) {
      throw new AppException(ErrorCode.BAD_REQUEST, 'cursor: not a cursor this API gave out', {
        details: [{ parameter: 'cursor', message: 'invalid cursor' }],
      });
    }
    const rows = await this.outages.list(id, {
      from: q.from === undefined ? undefined : new Date(q.from),
      to: q.to === undefined ? undefined : new Date(q.to),
      before,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const data = await servedOutages(this.health, page);
    const next = rows.length > q.limit ? encodeOutageCursor(page[page.length - 1].startedAt) : null;
    const meta = { count: data.length, next, generatedAt: new Date().toISOString(), ...ignoredMeta(ignored) };
    sendCached(req, res, [data, next], { data, meta }, 5);
  }
}
