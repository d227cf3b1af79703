import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ExpressAdapter } from '@nestjs/platform-express';
import express from 'express';
import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';
import { HubExpressAdapter } from '../http/hub-express.adapter.js';

/**
 * The HTTP adapter of every hub app, passed to NestFactory.create where the app is created
 * (src/main.ts, and the tests' in-process hub, test/support/hub-app.ts). Its Express app is set
 * up before anything registers on it, because Express fixes its router's matching when the router
 * is first used (the adapter's constructor does), and ignores later `app.set` calls:
 * - case-sensitive and strict routing: `/V1/admin/keys` and `/v1/admin/keys/` reach no handler,
 *   so only the spelling the access rules are written in is routed (issue #11);
 * - no Express ETag: the hub sets its own (common/http/cached-response.ts);
 * - a listen backlog for reconnection storms (hub-express.adapter.ts).
 */
export function hubHttpAdapter(): ExpressAdapter {
  const app = express();
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.set('etag', false);
  return new HubExpressAdapter(app);
}

/** Why an Express app's router is not the one hubHttpAdapter makes; undefined when it is (or it is not Express). */
export function routingSettingsProblem(expressApp: unknown): string | undefined {
  const router = (expressApp as { router?: { caseSensitive?: unknown; strict?: unknown } } | undefined)?.router;
  if (router === undefined) return undefined;
  if (router.caseSensitive === true && router.strict === true) return undefined;
  return 'the HTTP app routes case-insensitively or ignores trailing slashes: create it with hubHttpAdapter() (src/api/access/routing-settings.ts)';
}

/** Refuses to start an API whose app was created without hubHttpAdapter: a spelling could then bypass access. */
@Injectable()
export class RoutingSettingsCheck implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const problem = routingSettingsProblem(this.adapterHost.httpAdapter?.getInstance());
    if (problem !== undefined) throw new AppException(ErrorCode.CONFIG_INVALID, problem);
  }
}
