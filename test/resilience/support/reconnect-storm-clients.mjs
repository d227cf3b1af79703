// Many well-behaved live-feed clients in one process, so that their sockets do not share the event
// loop of the test (and of the in-process hub):
// `node reconnect-storm-clients.mjs <hub url> <clients> <JSON list of subscribe requests>` (client i sends request i mod n).
//
// Each client is a socket.io-client socket on /live (WebSocket only, no automatic reconnection:
// this process decides when), sending its own `X-Forwarded-For` address (10.x.y.z) as clients
// behind a load balancer do, and doing what docs/live-feed.md asks of a client: subscribe on
// connect with `since` = the last cursor it processed (also sent as `auth.cursor`), keep the
// cursor of every event, and on a documented refusal (`RATE_LIMITED`, `UNAVAILABLE`) retry after
// the time it was told (`STORAGE_UNAVAILABLE` after 0.5-1.5 s). Commands (IPC, answered with the same `type`):
//   {type:'connect'}    connect every client, 100 every 500 ms (the set-up, not the storm); answered when all are subscribed
//   {type:'drop'}       close every socket at once (client side); answered at once
//   {type:'reconnect'}  reopen every socket at once, each resuming from its cursor; answered when all are subscribed
//   {type:'report'}     per client: acks, events, errors
//   {type:'close'}      close everything and exit
// A phase answer: {type, ms, subscribed, resumed, retries, worstMs} (ms: until the last client's subscribe ack).
import { io } from 'socket.io-client';

const [url, clientCount, subscribeJson] = [process.argv[2], Number(process.argv[3]), process.argv[4]];
const REQUESTS = JSON.parse(subscribeJson);
/** Codes docs/live-feed.md lists as "retry": anything else is an error the test reports. */
const RETRY_CODES = new Set(['RATE_LIMITED', 'UNAVAILABLE', 'STORAGE_UNAVAILABLE']);
/** Told no time: a random 0.5-1.5 s, so retries do not come back as one herd. */
const retryDelay = (toldMs) => toldMs ?? 500 + Math.random() * 1_000;
const ACK_TIMEOUT_MS = 30_000;

const address = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

function client(index) {
  const state = {
    index,
    cursor: undefined,
    subscribed: false,
    phaseStart: 0,
    acks: [],
    events: [],
    errors: [],
    retries: 0,
    retried: [],
  };
  state.socket = io(`${url}/live`, {
    transports: ['websocket'],
    reconnection: false,
    autoConnect: false,
    forceNew: true,
    // The storm is bounded by the test; a connect slower than socket.io-client's 20 s default is
    // measured there, not turned into an error here (the hub's own connectTimeout is 45 s too).
    timeout: 45_000,
    extraHeaders: { 'x-forwarded-for': address(index + 1) },
    auth: (send) => send(state.cursor === undefined ? {} : { cursor: state.cursor }),
  });
  const { socket } = state;
  socket.on('connect', () => subscribe(state));
  socket.on('connect_error', (error) => {
    const code = error?.data?.code ?? error?.message ?? 'unknown';
    if (RETRY_CODES.has(code)) {
      state.retries += 1;
      state.retried.push(`connect ${code}`);
      const toldS = error.data?.details?.retryAfterS;
      setTimeout(() => socket.connect(), retryDelay(toldS === undefined ? undefined : toldS * 1_000));
    } else {
      state.errors.push({ at: 'connect', code, message: String(error?.data?.message ?? error?.message) });
      settle();
    }
  });
  // Only this process closes sockets ('io client disconnect'): a drop by the hub is an error here.
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') state.errors.push({ at: 'disconnect', code: reason, message: reason });
  });
  socket.on('parking', (e) => {
    state.events.push([e.cursor, e.parking.id, e.parking.free ?? null]);
    state.cursor = later(state.cursor, e.cursor);
  });
  return state;
}

function subscribe(state) {
  state.socket
    .timeout(ACK_TIMEOUT_MS)
    .emitWithAck('subscribe', { ...REQUESTS[state.index % REQUESTS.length], since: state.cursor ?? null })
    .then(
      (ack) => {
        if (ack.ok) {
          state.acks.push({ cursor: ack.cursor, resumed: ack.resumed, snapshot: ack.snapshot.parkings?.length ?? 0 });
          state.cursor = later(state.cursor, ack.cursor);
          state.subscribed = true;
          state.ackMs = Date.now() - state.phaseStart;
          settle();
        } else if (RETRY_CODES.has(ack.error.code)) {
          state.retries += 1;
          state.retried.push(`subscribe ${ack.error.code}`);
          setTimeout(() => subscribe(state), retryDelay(ack.error.details?.retryAfterMs));
        } else {
          state.errors.push({ at: 'subscribe', code: ack.error.code, message: ack.error.message });
          settle();
        }
      },
      (error) => {
        state.errors.push({ at: 'subscribe', code: 'TIMEOUT', message: String(error?.message ?? error) });
        settle();
      },
    );
}

/** The larger of two cursors "<ms>-<seq>", compared as numbers. */
function later(a, b) {
  if (a === undefined) return b;
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return bm > am || (bm === am && bs > as) ? b : a;
}

const clients = Array.from({ length: clientCount }, (_, i) => client(i));
let phase;

function settle() {
  if (phase === undefined || !clients.every((c) => c.subscribed || c.errors.length > 0)) return;
  const { type, started } = phase;
  phase = undefined;
  process.send({
    type,
    ms: Date.now() - started,
    subscribed: clients.filter((c) => c.subscribed).length,
    resumed: clients.filter((c) => c.subscribed && c.acks.at(-1)?.resumed).length,
    retries: clients.reduce((n, c) => n + c.retries, 0),
    retried: tally(clients.flatMap((c) => c.retried)),
    worstMs: Math.max(...clients.map((c) => c.ackMs ?? 0)),
    errors: tally(clients.flatMap((c) => c.errors.map((e) => `${e.at} ${e.code}: ${e.message.slice(0, 80)}`))),
  });
}

function tally(list) {
  const counts = {};
  for (const item of list) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}

/** Every socket (re)opened in the same tick (the storm), or `perStep` every `stepMs`. */
function openAll(type, perStep = clients.length, stepMs = 0) {
  const started = Date.now();
  phase = { type, started };
  for (const c of clients) {
    c.subscribed = false;
    c.ackMs = undefined;
    c.phaseStart = started;
  }
  for (let i = 0; i < clients.length; i += perStep) {
    const step = clients.slice(i, i + perStep);
    setTimeout(() => step.forEach((c) => c.socket.connect()), (i / perStep) * stepMs);
  }
}

process.on('message', (command) => {
  switch (command.type) {
    case 'connect':
      return openAll(command.type, 100, 500);
    case 'reconnect':
      return openAll(command.type);
    case 'drop':
      for (const c of clients) c.socket.disconnect();
      return process.send({ type: 'drop' });
    case 'report':
      return process.send({
        type: 'report',
        clients: clients.map(({ index, acks, events, errors, retries }) => ({ index, acks, events, errors, retries })),
      });
    case 'close':
      for (const c of clients) c.socket.disconnect();
      process.disconnect();
      return undefined;
    default:
      return undefined;
  }
});
process.send({ type: 'started' });
