import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A node:http server on 127.0.0.1 with an ephemeral port that records what reached it. */
export interface LocalHttpServer {
  port: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** TCP connections accepted, including ones that never sent a request. */
  connections: number;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

export async function startLocalServer(handler: Handler): Promise<LocalHttpServer> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  const state = { connections: 0 };
  server.on('connection', () => {
    state.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    get connections() {
      return state.connections;
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that was just free: a server bound it, then let it go. */
export async function closedPort(): Promise<number> {
  const server = await startLocalServer(() => undefined);
  await server.close();
  return server.port;
}

/**
 * For a spec file: `serve(handler)` starts a local server that is closed after each test
 * (call it at the top of the file with jest's afterEach).
 */
export function serversClosedAfterEach(
  afterEachTest: (hook: () => Promise<void>) => void,
): (handler: Handler) => Promise<LocalHttpServer> {
  const servers: LocalHttpServer[] = [];
  afterEachTest(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (handler) => {
    const server = await startLocalServer(handler);
    servers.push(server);
    return server;
  };
}
