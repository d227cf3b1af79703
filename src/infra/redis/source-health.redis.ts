import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG, REDIS } from '../../config/tokens.js';
import type { PollRecord, SourceHealth } from '../../ops/source-health.model.js';
import type { SourceHealthStorePort } from '../../ops/source-health.port.js';
import { appendChange } from './change-stream.redis.js';
import { RedisKeys } from './redis-keys.js';

const RECENT_POLLS = 50;

@Injectable()
export class SourceHealthRedis implements SourceHealthStorePort {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(id: string): Promise<SourceHealth | undefined> {
    const json = await this.redis.hget(this.keys.sourceHealth(), id);
    return json === null ? undefined : (JSON.parse(json) as SourceHealth);
  }

  async all(): Promise<SourceHealth[]> {
    return (await this.redis.hvals(this.keys.sourceHealth())).map((json) => JSON.parse(json) as SourceHealth);
  }

  async record(health: SourceHealth, poll: PollRecord, statusChanged: boolean): Promise<void> {
    const multi = this.redis
      .multi()
      .hset(this.keys.sourceHealth(), health.id, JSON.stringify(health))
      .lpush(this.keys.sourcePolls(health.id), JSON.stringify(poll))
      .ltrim(this.keys.sourcePolls(health.id), 0, RECENT_POLLS - 1);
    if (statusChanged) {
      appendChange(multi, this.keys.changes(), this.config.replayWindowMs, 'source', health.id, health);
    }
    await multi.exec();
  }

  async put(health: SourceHealth): Promise<void> {
    await this.redis.hset(this.keys.sourceHealth(), health.id, JSON.stringify(health));
  }

  async remove(id: string): Promise<void> {
    await this.redis.multi().hdel(this.keys.sourceHealth(), id).del(this.keys.sourcePolls(id)).exec();
  }

  async recentPolls(id: string, limit: number): Promise<PollRecord[]> {
    const list = await this.redis.lrange(this.keys.sourcePolls(id), 0, limit - 1);
    return list.map((json) => JSON.parse(json) as PollRecord);
  }
}
