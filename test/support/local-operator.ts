import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in operator on loopback: serves whatever body the test sets, counts requests. */
export interface LocalOperator {
  url: string;
  requests: number;
  setBody(body: string | Buffer, contentType?: string): void;
  /** Replace the handler entirely (status codes, headers). */
  handle(handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function startLocalOperator(path = '/feed'): Promise<LocalOperator> {
  let body: Buffer = Buffer.from('{}');
  let contentType = 'application/json';
  let custom: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const operator = {
    url: '',
    requests: 0,
    setBody(next: string | Buffer, type = 'application/json') {
      body = Buffer.isBuffer(next) ? next : Buffer.from(next);
      contentType = type;
    },
    handle(handler: (req: IncomingMessage, res: ServerResponse) => void) {
      custom = handler;
    },
    close: async () => undefined as void,
  };
  const server = createServer((req, res) => {
    operator.requests += 1;
    if (custom !== undefined) return custom(req, res);
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  operator.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  operator.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return operator;
}
