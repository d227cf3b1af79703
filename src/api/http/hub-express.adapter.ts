import type { Server } from 'node:http';
import { ExpressAdapter } from '@nestjs/platform-express';

/**
 * Connections the kernel may hold for the hub before it accepts them (listen(2) backlog; Linux
 * caps it at net.core.somaxconn, 4096 by default). Node's default, 511, overflows when thousands
 * of live clients reconnect at once (an API process or load balancer restart): the SYNs past it
 * are dropped and those clients wait for TCP's retransmits (1, 3, 7, 15 s...) instead of the hub.
 */
export const LISTEN_BACKLOG = 4_096;

/** Express, listening with LISTEN_BACKLOG. Everything else is Nest's adapter. */
export class HubExpressAdapter extends ExpressAdapter {
  override listen(port: string | number, ...args: unknown[]): Server {
    const callback = typeof args.at(-1) === 'function' ? (args.pop() as () => void) : undefined;
    const host = typeof args[0] === 'string' ? args[0] : undefined;
    const server = this.getHttpServer() as Server;
    return server.listen({ port: Number(port), host, backlog: LISTEN_BACKLOG }, callback);
  }
}
