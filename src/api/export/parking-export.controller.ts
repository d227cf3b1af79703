import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { parseRouteQuery } from '../../common/http/query-parsing.js';
import { datex2ExportQuery, parkapiExportQuery } from '../../export/export-queries.js';
import { toDatex2Parking } from '../../export/datex2/datex2-parking-export.js';
import { toDatex2ParkingJson } from '../../export/datex2/datex2-parking-json.js';
import { toParkApiV3 } from '../../export/parkapi/parkapi-export.js';
import { ExportReadsService } from './export-reads.service.js';
import { sendExport } from './export-response.js';

/** Car parks out in the standards other systems read: ParkAPI v3 and DATEX II v3. */
@Controller('v1/export')
export class ParkingExportController {
  constructor(private readonly reads: ExportReadsService) {}

  @Get('parkapi')
  async parkapi(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { params } = parseRouteQuery(parkapiExportQuery, query);
    const body = JSON.stringify(toParkApiV3(await this.reads.allParkings(params)));
    sendExport(req, res, {
      identity: body,
      body,
      contentType: 'application/json',
      maxAgeS: this.reads.parkingMaxAgeS(params.source),
    });
  }

  @Get('datex2/parking')
  async datex2(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { params } = parseRouteQuery(datex2ExportQuery, query);
    const { publication, ...filters } = params;
    const parkings = await this.reads.allParkings(filters);
    const publications = publication === undefined ? (['table', 'status'] as const) : [publication];
    // XML unless the client prefers JSON (Accept: application/json); Vary: Accept is on every /v1 answer.
    const json = req.accepts(['application/xml', 'application/json']) === 'application/json';
    const at = new Date();
    sendExport(req, res, {
      // The form, the data and the publications asked for; the publication time changes on every request.
      identity: JSON.stringify([json ? 'json' : 'xml', publications, parkings]),
      body: json
        ? JSON.stringify(toDatex2ParkingJson(parkings, at, publications))
        : toDatex2Parking(parkings, at, publications),
      contentType: json ? 'application/json' : 'application/xml',
      maxAgeS: this.reads.parkingMaxAgeS(params.source),
    });
  }
}
