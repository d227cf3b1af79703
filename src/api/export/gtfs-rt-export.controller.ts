import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { parseRouteQuery } from '../../common/http/query-parsing.js';
import { type GtfsRtExportQuery, gtfsRtExportQuery } from '../../export/export-queries.js';
import {
  buildGtfsRtExport,
  encodeGtfsRt,
  type GtfsRtExportKind,
  gtfsRtJson,
} from '../../export/gtfs-rt/gtfs-rt-export.js';
import { ExportAnswerMemo } from './export-answer.memo.js';
import { ExportReadsService } from './export-reads.service.js';
import { sendExport } from './export-response.js';

export const GTFS_RT_MEDIA = 'application/x-protobuf';

const PART = { 'trip-updates': 'trips', 'vehicle-positions': 'vehicles', alerts: 'alerts' } as const;

/** GTFS-Realtime out: one FULL_DATASET FeedMessage per kind, merging every realtime source of a timetable. */
@Controller('v1/export/gtfs-rt')
export class GtfsRtExportController {
  private readonly memo = new ExportAnswerMemo();

  constructor(private readonly reads: ExportReadsService) {}

  @Get('trip-updates')
  async tripUpdates(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.answer('trip-updates', parseRouteQuery(gtfsRtExportQuery, query).params, req, res);
  }

  @Get('vehicle-positions')
  async vehiclePositions(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.answer('vehicle-positions', parseRouteQuery(gtfsRtExportQuery, query).params, req, res);
  }

  @Get('alerts')
  async alerts(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response) {
    await this.answer('alerts', parseRouteQuery(gtfsRtExportQuery, query).params, req, res);
  }

  private async answer(kind: GtfsRtExportKind, params: GtfsRtExportQuery, req: Request, res: Response): Promise<void> {
    const sources = this.reads.realtimeSourcesOf(params.feed);
    const json = params.format === 'json';
    const version = await this.reads.realtimeVersion(sources);
    const answer = await this.memo.get(`${kind} ${params.feed} ${json ? 'json' : 'pb'}`, version, async () => {
      const snapshots = await this.reads.realtime(sources, PART[kind]);
      const out = buildGtfsRtExport(kind, params.feed, snapshots, new Date());
      const intervals = sources.map((s) => s.intervalMs);
      return {
        identity: `${json ? 'json' : 'pb'}:${out.identity}`,
        body: json ? gtfsRtJson(out.message) : encodeGtfsRt(out.message),
        contentType: json ? 'application/json' : GTFS_RT_MEDIA,
        maxAgeS: intervals.length === 0 ? 0 : Math.min(...intervals) / 2_000,
      };
    });
    sendExport(req, res, answer);
  }
}
