/**
 * Child process of the fan-out bench: thousands of WebSocket clients in one process, speaking
 * the socket.io wire protocol directly (engine.io v4 frames over `ws`) so that the load
 * generator stays cheap and identical for the hub and for the bare `ws` server. Driven over IPC.
 */
import WebSocket from 'ws';
import type { ClientArea } from './city.js';
import { Histogram } from './histogram.js';

export type ClientCommand =
  | { cmd: 'open'; target: 'hub' | 'bare'; url: string; areas: ClientArea[] }
  | { cmd: 'subscribe' }
  | { cmd: 'reset' }
  | { cmd: 'report' }
  | { cmd: 'close' };

export interface ClientReport {
  received: number;
  lastAt: number;
  histogram: Array<[number, number]>;
  open: number;
  failures: string[];
}

interface Client {
  ws: WebSocket;
  area: ClientArea;
  subscribed?: () => void;
}

const CONCURRENCY = 100;
const RECEIVED_AT = Buffer.from('"receivedAt":"');
const EVENT = Buffer.from('42/live,');

let clients: Client[] = [];
let received = 0;
let lastAt = 0;
let histogram = new Histogram();
const failures: string[] = [];

/**
 * A parking event carries its publish time in `receivedAt` (ISO, 24 characters). Read from the
 * raw bytes, without decoding the message: the load generator must stay cheaper than the server.
 */
function onEvent(data: Buffer): void {
  const at = data.indexOf(RECEIVED_AT);
  if (at < 0) return;
  const now = Date.now();
  const start = at + RECEIVED_AT.length;
  histogram.add(now - Date.parse(data.toString('latin1', start, start + 24)));
  received += 1;
  lastAt = now;
}

/** engine.io: "0" open, "2" ping; socket.io in /live: "40" connected, "42" event, "43" ack, "44" error. */
function onHubFrame(client: Client, data: Buffer, connected: () => void, failed: (why: string) => void): void {
  if (data.length > EVENT.length && data.compare(EVENT, 0, EVENT.length, 0, EVENT.length) === 0) return onEvent(data);
  const text = data.toString();
  if (text === '2') return client.ws.send('3');
  if (text.startsWith('0')) return client.ws.send('40/live,');
  if (text.startsWith('40/live,')) return connected();
  if (text.startsWith('43/live,1')) {
    if (text.includes('"ok":true')) client.subscribed?.();
    else failed(text.slice(0, 200));
    return;
  }
  if (text.startsWith('44/live,')) failed(text.slice(0, 200));
}

function openOne(target: 'hub' | 'bare', url: string, area: ClientArea): Promise<Client> {
  return new Promise((resolve, reject) => {
    const address =
      target === 'hub'
        ? `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`
        : `${url.replace(/^http/, 'ws')}/?lat=${area.lat}&lon=${area.lon}&radius=${area.radius}`;
    const ws = new WebSocket(address, { perMessageDeflate: false, skipUTF8Validation: true });
    const client: Client = { ws, area };
    const failed = (why: string) => {
      failures.push(why);
      reject(new Error(why));
    };
    ws.on('error', (error) => failed(error.message));
    if (target === 'bare') {
      ws.on('open', () => resolve(client));
      ws.on('message', (data) => onEvent(data as Buffer));
      return;
    }
    ws.on('message', (data) => onHubFrame(client, data as Buffer, () => resolve(client), failed));
  });
}

async function inBatches<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CONCURRENCY) {
    const settled = await Promise.allSettled(items.slice(i, i + CONCURRENCY).map(run));
    for (const s of settled) if (s.status === 'fulfilled') out.push(s.value);
  }
  return out;
}

function subscribe(client: Client): Promise<void> {
  return new Promise((resolve) => {
    client.subscribed = resolve;
    const { lat, lon, radius } = client.area;
    client.ws.send(`42/live,1["subscribe",${JSON.stringify({ area: { near: { lat, lon }, radius } })}]`);
  });
}

async function handle(command: ClientCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'open':
      clients = await inBatches(command.areas, (area) => openOne(command.target, command.url, area));
      return { open: clients.length, failures: failures.slice(0, 5) };
    case 'subscribe':
      await inBatches(clients, subscribe);
      return { subscribed: clients.length };
    case 'reset':
      received = 0;
      lastAt = 0;
      histogram = new Histogram();
      return {};
    case 'report':
      return {
        received,
        lastAt,
        histogram: histogram.toPairs(),
        open: clients.filter((c) => c.ws.readyState === WebSocket.OPEN).length,
        failures: failures.slice(0, 5),
      } satisfies ClientReport;
    case 'close':
      for (const c of clients) c.ws.terminate();
      clients = [];
      return {};
  }
}

process.on('message', (message: { id: number; command: ClientCommand }) => {
  handle(message.command).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
