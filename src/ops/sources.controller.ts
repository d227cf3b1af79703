import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { sendCached } from '../common/http/cached-response.js';
import { SourceRegistry } from '../config/source-registry.service.js';
import { withPollStall } from './poll-stall.js';
import { initialHealth, type SourceHealth } from './source-health.model.js';
import { SOURCE_HEALTH_STORE, type SourceHealthStorePort } from './source-health.port.js';
import { isSourceStale } from './source-staleness.js';

/** Health as served: `stale` says whether this source's values are served flagged stale right now. */
export type ServedSourceHealth = SourceHealth & { stale: boolean };

/** Source health (docs/interface.md § Source health): one entry per configured source, polled or not yet. */
@Controller('v1/sources')
export class SourcesController {
  constructor(
    private readonly registry: SourceRegistry,
    @Inject(SOURCE_HEALTH_STORE) private readonly health: SourceHealthStorePort,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const stored = new Map((await this.health.all()).map((h) => [h.id, h]));
    const data = this.registry.all().map((s) => this.current(stored.get(s.id), s.id));
    const errors = this.registry.errors();
    const body = {
      data,
      meta: { count: data.length, next: null, generatedAt: new Date().toISOString(), configErrors: errors },
    };
    sendCached(req, res, [data, errors], body, 5);
  }

  @Get(':id')
  async get(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.registry.get(id) === undefined) throw new AppException(ErrorCode.NOT_FOUND, `no source with id "${id}"`);
    const health = this.current(await this.health.get(id), id);
    const recentPolls = await this.health.recentPolls(id, 20);
    const body = { ...health, recentPolls };
    sendCached(req, res, body, body, 5);
  }

  private current(stored: SourceHealth | undefined, id: string): ServedSourceHealth {
    const source = this.registry.get(id);
    if (source === undefined) throw new AppException(ErrorCode.NOT_FOUND, `no source with id "${id}"`);
    const base = stored ?? initialHealth(source);
    const now = Date.now();
    const health: SourceHealth = source.enabled
      ? withPollStall({ ...base, intervalMs: source.intervalMs }, source, now)
      : { ...base, status: 'disabled' };
    return { ...health, stale: isSourceStale(health, source.staleAfterMs, now) };
  }
}
