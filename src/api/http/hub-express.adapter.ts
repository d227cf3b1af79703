import type { Server } from 'node:http';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { readsOwnBody } from '../ingest/push-body.js';

/**
 * Connections the kernel may hold for the hub before it accepts them (listen(2) backlog; Linux
 * caps it at net.core.somaxconn, 4096 by default). Node's default, 511, overflows when thousands
 * of live clients reconnect at once (an API process or load balancer restart): the SYNs past it
 * are dropped and those clients wait for TCP's retransmits (1, 3, 7, 15 s...) instead of the hub.
 */
export const LISTEN_BACKLOG = 4_096;

type Middleware = (req: Request, res: Response, next: NextFunction) => void;

/**
 * Express, listening with LISTEN_BACKLOG, whose body parsers (Nest's JSON and form ones) leave
 * the push route's body unread: it reads it raw, at its source's byte cap (api/ingest/push-body.ts).
 * Everything else is Nest's adapter.
 */
export class HubExpressAdapter extends ExpressAdapter {
  override registerParserMiddleware(prefix?: string, rawBody?: boolean): void {
    const use = this.use.bind(this) as (...args: unknown[]) => unknown;
    Object.defineProperty(this, 'use', {
      configurable: true,
      value: (...args: unknown[]) =>
        use(...args.map((a) => (typeof a === 'function' ? skippingPushBodies(a as Middleware) : a))),
    });
    try {
      super.registerParserMiddleware(prefix, rawBody);
    } finally {
      delete (this as { use?: unknown }).use;
    }
  }

  override listen(port: string | number, ...args: unknown[]): Server {
    const callback = typeof args.at(-1) === 'function' ? (args.pop() as () => void) : undefined;
    const host = typeof args[0] === 'string' ? args[0] : undefined;
    const server = this.getHttpServer() as Server;
    return server.listen({ port: Number(port), host, backlog: LISTEN_BACKLOG }, callback);
  }
}

/** The parser, except on requests whose body the push route reads itself; named as the parser (Nest looks parsers up by name). */
function skippingPushBodies(parser: Middleware): Middleware {
  const skipping: Middleware = (req, res, next) =>
    readsOwnBody(req.method, req.path) ? next() : parser(req, res, next);
  Object.defineProperty(skipping, 'name', { value: parser.name });
  return skipping;
}
