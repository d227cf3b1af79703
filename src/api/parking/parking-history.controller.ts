import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendCached } from '../../common/http/cached-response.js';
import { ignoredMeta, parseRouteQuery } from '../../common/http/query-parsing.js';
import { SourceRegistry } from '../../config/source-registry.service.js';
import { historyToCsv } from '../../parking/parking-history.csv.js';
import { parkingHistoryQuery } from '../../parking/parking-history.query.js';
import { ParkingHistoryService } from '../../parking/parking-history.service.js';

/** A range that ended this long ago no longer changes: it may be cached for an hour. */
const SETTLED_AFTER_MS = 24 * 3_600_000;

/** GET /v1/parkings/:id/history (docs/interface.md § Routes): raw observations, or buckets; JSON or CSV. */
@Controller('v1/parkings')
export class ParkingHistoryController {
  constructor(
    @Inject(ParkingHistoryService) private readonly history: ParkingHistoryService,
    private readonly registry: SourceRegistry,
  ) {}

  @Get(':id/history')
  async read(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { params: q, ignored } = parseRouteQuery(parkingHistoryQuery, query);
    const page = await this.history.read(id, q);
    const maxAgeS = this.maxAgeS(id, q.to);
    if (page.next !== null) res.setHeader('Link', `<${nextUrl(req, page.next)}>; rel="next"`);
    if (q.format === 'csv') {
      res.setHeader('Content-Disposition', `attachment; filename="${id.replace(/[^a-zA-Z0-9_-]/g, '_')}-history.csv"`);
      sendCached(req, res, [page.data, page.next], historyToCsv(page.data, page.bucket !== null), maxAgeS, 'text/csv');
      return;
    }
    const meta = {
      count: page.data.length,
      next: page.next,
      generatedAt: new Date().toISOString(),
      parking: id,
      from: page.from,
      to: page.to,
      bucket: page.bucket,
      ...ignoredMeta(ignored),
    };
    // Serialised once: the ETag hashes the data, the body wraps the same text (90 days of hours is 2,160 rows).
    const data = JSON.stringify(page.data);
    const identity = `${data}|${page.next}|${page.from}|${page.bucket}`;
    sendCached(req, res, identity, `{"data":${data},"meta":${JSON.stringify(meta)}}`, maxAgeS);
  }

  /** Half the source's poll interval (new rows arrive no faster); an hour for a settled range. */
  private maxAgeS(id: string, to: Date | undefined): number {
    if (to !== undefined && Date.now() - to.getTime() > SETTLED_AFTER_MS) return 3_600;
    const source = this.registry.all().find((s) => id.startsWith(`${s.id}:`));
    return source === undefined ? 0 : source.intervalMs / 2_000;
  }
}

function nextUrl(req: Request, cursor: string): string {
  const url = new URL(req.originalUrl, 'http://hub.invalid');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}
