import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { parseQuery } from '../../common/http/query-parsing.js';
import type { AppConfig } from '../../config/app-config.js';
import { SourceRegistry } from '../../config/source-registry.service.js';
import type { SourceConfigError } from '../../config/source-config.js';
import { APP_CONFIG } from '../../config/tokens.js';
import type { ApiKeyRecord } from '../../access/api-key.model.js';
import { ApiKeyService } from '../../access/api-key.service.js';
import { createKeyBody } from './admin-key.body.js';

/** /v1/admin/*: behind HUB_ADMIN_TOKEN (checked by AccessGuard). Never cached. */
@Controller('v1/admin')
export class AdminController {
  constructor(
    private readonly registry: SourceRegistry,
    @Inject(ApiKeyService) private readonly keys: ApiKeyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Same as SIGHUP: re-reads sources.yaml and re-schedules (in the processes that poll). */
  @Post('sources/reload')
  @HttpCode(200)
  async reloadSources(): Promise<{ sources: string[]; errors: SourceConfigError[] }> {
    return this.registry.reload();
  }

  @Get('keys')
  async listKeys(): Promise<{ data: ApiKeyRecord[]; meta: { count: number; next: null; generatedAt: string } }> {
    const data = await this.keys.list();
    return { data, meta: { count: data.length, next: null, generatedAt: new Date().toISOString() } };
  }

  /** The key is in this answer only: the hub keeps its hash. */
  @Post('keys')
  async createKey(@Body() body: unknown): Promise<ApiKeyRecord & { key: string }> {
    const { name, perMinute } = parseQuery(createKeyBody, body ?? {});
    const { key, record } = await this.keys.create(name, perMinute ?? this.config.access.defaultKeyPerMinute);
    return { ...record, key };
  }

  @Delete('keys/:id')
  async revokeKey(@Param('id') id: string): Promise<ApiKeyRecord> {
    return this.keys.revoke(id);
  }
}
