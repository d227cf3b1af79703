import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { createDemoRouter } from './demo-operator.router.js';
import { DEMO_PORT } from './demo-sources.js';
import { buildGtfsZip } from './gtfs-static.builder.js';
import { buildTimetable } from './gtfs-timetable.js';
import { toParisTime } from './paris-time.js';

export interface DemoOperatorOptions {
  /** Default 127.0.0.1: the demo is for this machine only. */
  host?: string;
  /** Default DEMO_PORT (8787); 0 picks a free port. */
  port?: number;
  /** Clock for every simulated value; tests pass a fixed one. */
  now?: () => Date;
  /** Changes the simulated noise, delays and cancellations. Default 1. */
  seed?: number;
}

export interface DemoOperatorHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the built-in demo operator: an HTTP server on loopback that the hub polls
 * like a real operator (car parks as ODS records, GTFS static and GTFS-Realtime).
 * The GTFS zip is built once here, so every request serves the same bytes.
 */
export async function startDemoOperator(opts: DemoOperatorOptions = {}): Promise<DemoOperatorHandle> {
  const host = opts.host ?? '127.0.0.1';
  const now = opts.now ?? ((): Date => new Date());
  const startedAtMs = now().getTime();
  const local = toParisTime(startedAtMs);
  const timetable = buildTimetable();
  const gtfsZip = await buildGtfsZip(timetable, {
    year: local.year,
    month: local.month,
    day: local.day,
  });
  let baseUrl = '';
  const server = createServer(
    createDemoRouter({
      now,
      seed: opts.seed ?? 1,
      timetable,
      gtfsZip,
      gtfsBuiltAtMs: startedAtMs,
      baseUrl: () => baseUrl,
    }),
  );
  const port = await listen(server, host, opts.port ?? DEMO_PORT);
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { url: baseUrl, port, close: () => closeServer(server) };
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', (err: Error) =>
      reject(
        new AppException(ErrorCode.INTERNAL, `demo operator cannot listen on ${host}:${port}: ${err.message}`, {
          cause: err,
        }),
      ),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Drops idle keep-alive sockets too, so close() does not wait for clients to hang up. */
function closeServer(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
