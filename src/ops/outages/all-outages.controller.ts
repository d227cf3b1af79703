import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';
import { sendCached } from '../../common/http/cached-response.js';
import { ignoredMeta, parseRouteQuery } from '../../common/http/query-parsing.js';
import { SourceRegistry } from '../../config/source-registry.service.js';
import { SOURCE_HEALTH_STORE, type SourceHealthStorePort } from '../source-health.port.js';
import { allOutagesQuery, decodeAllOutagesCursor, encodeAllOutagesCursor } from './outage-list.query.js';
import { servedOutages } from './served-outage.js';
import { SOURCE_OUTAGE_STORE, type SourceOutageStorePort } from './source-outage.port.js';

/**
 * Outage history of every configured source in one list, newest first (ties by source id), in
 * the rows of GET /v1/sources/:id/outages. Like that route, a source no longer in sources.yaml is
 * not served (its rows, closed `source-removed`, stay until retention; they are served again if
 * the source comes back).
 */
@Controller('v1/outages')
export class AllOutagesController {
  constructor(
    private readonly registry: SourceRegistry,
    @Inject(SOURCE_OUTAGE_STORE) private readonly outages: SourceOutageStorePort,
    @Inject(SOURCE_HEALTH_STORE) private readonly health: SourceHealthStorePort,
  ) {}

  @Get()
  async list(@Query() query: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { params: q, ignored } = parseRouteQuery(allOutagesQuery, query);
    const configured = this.registry.all().map((s) => s.id);
    const asked = q.source === undefined ? undefined : [...new Set(q.source.split(','))];
    const unknown = asked?.filter((id) => this.registry.get(id) === undefined) ?? [];
    if (unknown.length > 0) {
      const message = `no configured source ${unknown.map((id) => `"${id}"`).join(', ')}`;
      throw new AppException(ErrorCode.BAD_REQUEST, `source: ${message}`, {
        details: [{ parameter: 'source', message }],
      });
    }
    const after = q.cursor === undefined ? undefined : decodeAllOutagesCursor(q.cursor);
    if (q.cursor !== undefined && after === undefined) {
      throw new AppException(ErrorCode.BAD_REQUEST, 'cursor: not a cursor this API gave out', {
        details: [{ parameter: 'cursor', message: 'invalid cursor' }],
      });
    }
    const rows = await this.outages.listAll({
      sourceIds: asked ?? configured,
      from: q.from === undefined ? undefined : new Date(q.from),
      to: q.to === undefined ? undefined : new Date(q.to),
      after,
      ongoing: q.ongoing === undefined ? undefined : q.ongoing === 'true',
      perSource: q.perSource,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const data = await servedOutages(this.health, page);
    const last = page[page.length - 1];
    const next = rows.length > q.limit ? encodeAllOutagesCursor(last.startedAt, last.sourceId) : null;
    const meta = { count: data.length, next, generatedAt: new Date().toISOString(), ...ignoredMeta(ignored) };
    sendCached(req, res, [data, next], { data, meta }, 5);
  }
}
