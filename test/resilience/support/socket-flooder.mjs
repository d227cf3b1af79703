// A hostile live-feed client, run as its own process so the flood does not share the event loop of
// the test (and of the in-process hub) it floods: `node socket-flooder.mjs <hub url> <sockets> <emits>`.
// Connects, reports {type:'ready'}, waits for {type:'go'}, then each socket emits <emits> `subscribe`
// packets as fast as the socket takes them (batches of 500, so the process sees its own socket's
// disconnect) and never waits for an ack. Reports {type:'done', sockets:[{id, emitted, acks, reason}]}
// once every socket is disconnected or 3 s after its last ack.
import { io } from 'socket.io-client';

const [url, socketCount, emitCount] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const PAYLOAD = { area: { near: { lat: 46.5835, lon: 0.345 }, radius: 2_000 }, since: null };
const BATCH = 500;
const QUIET_MS = 3_000;

function flooder() {
  const socket = io(`${url}/live`, { transports: ['websocket'], reconnection: false, forceNew: true });
  const state = { socket, emitted: 0, acks: {}, reason: null, lastActivity: Date.now() };
  socket.on('disconnect', (reason) => {
    state.reason = reason;
    state.lastActivity = Date.now();
  });
  return state;
}

const flooders = Array.from({ length: socketCount }, flooder);
await Promise.all(
  flooders.map(
    ({ socket }) =>
      new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      }),
  ),
);
// The socket id as the hub knows it (socket.io gives the client the same one); gone after the disconnect.
for (const state of flooders) state.id = state.socket.id;
process.send({ type: 'ready' });
await new Promise((resolve) => process.once('message', resolve));

function floodOne(state) {
  return new Promise((resolve) => {
    const ack = (response) => {
      const code = response?.ok ? 'ok' : (response?.error?.code ?? 'unknown');
      state.acks[code] = (state.acks[code] ?? 0) + 1;
      state.lastActivity = Date.now();
    };
    const batch = () => {
      for (let i = 0; i < BATCH && state.emitted < emitCount && state.socket.connected; i += 1) {
        state.socket.emit('subscribe', PAYLOAD, ack);
        state.emitted += 1;
      }
      if (state.emitted < emitCount && state.socket.connected) setImmediate(batch);
      else resolve();
    };
    batch();
  });
}

await Promise.all(flooders.map(floodOne));
await new Promise((resolve) => {
  const check = () => {
    const settled = flooders.every((f) => f.reason !== null || Date.now() - f.lastActivity > QUIET_MS);
    if (settled) resolve();
    else setTimeout(check, 100);
  };
  check();
});
process.send({
  type: 'done',
  sockets: flooders.map(({ id, emitted, acks, reason }) => ({ id, emitted, acks, reason })),
});
for (const { socket } of flooders) socket.disconnect();
process.disconnect();
