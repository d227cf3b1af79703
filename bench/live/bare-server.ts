/**
 * Child process of the fan-out bench: the baseline. A bare `ws` server that sends each change,
 * framed exactly as socket.io frames it ("42/live,[...]"), encoded once, to every client whose
 * circle holds the facility (a plain loop over all clients). No socket.io, no Nest, no Redis.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { Parking } from '../../src/parking/parking.model.js';
import { type ClientArea, inArea } from './city.js';

const clients = new Set<{ ws: WebSocket; area: ClientArea }>();
let seq = 0;

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, clientTracking: false });
wss.on('connection', (ws, req) => {
  const q = new URL(req.url ?? '/', 'http://x').searchParams;
  const client = {
    ws,
    area: { lat: Number(q.get('lat')), lon: Number(q.get('lon')), radius: Number(q.get('radius')) },
  };
  clients.add(client);
  ws.on('close', () => clients.delete(client));
});
wss.on('listening', () => {
  const address = wss.address();
  process.send?.({ ready: true, port: typeof address === 'object' && address !== null ? address.port : 0 });
});

process.on('message', (message: { changes: Parking[] }) => {
  for (const parking of message.changes) {
    seq += 1;
    const frame = Buffer.from(`42/live,${JSON.stringify(['parking', { cursor: `${seq}-0`, parking }])}`);
    const at = parking.location as { lat: number; lon: number };
    for (const c of clients) if (inArea(c.area, at)) c.ws.send(frame, { binary: false });
  }
});
process.on('disconnect', () => process.exit(0));
