import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PushAccess } from '../../access/push-access.js';
import { PushIngestService, type PushResult } from '../../ingest/push/push-ingest.service.js';
import { checkPushMediaType, readPushBody } from './push-body.js';

/**
 * `POST /v1/ingest/:sourceId` (docs/interface.md § Push sources): an operator that cannot be
 * polled sends its parking payload, in the format its source names, through the poll's pipeline.
 */
@Controller('v1/ingest')
export class PushIngestController {
  constructor(
    private readonly pushes: PushIngestService,
    private readonly access: PushAccess,
  ) {}

  @Post(':sourceId')
  @HttpCode(200)
  async push(
    @Param('sourceId') sourceId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PushResult> {
    res.setHeader('Cache-Control', 'no-store');
    // Refused before the body is read: the rest of it is not wanted (nor read) on this connection.
    try {
      const source = this.pushes.pushSource(sourceId);
      await this.access.admit(req.headers, req.ip ?? req.socket.remoteAddress ?? 'unknown', res, source);
      checkPushMediaType(req.headers['content-type']);
      const body = await readPushBody(req, source.maxBytes);
      return await this.pushes.ingest(source, body);
    } catch (error) {
      if (!req.complete) res.setHeader('Connection', 'close');
      throw error;
    }
  }
}
