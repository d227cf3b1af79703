/**
 * The page's one connection to the live feed (socket.io /live), through the project's typed
 * client (src/live/live-client.ts, bundled): it subscribes again after every reconnection with
 * the last cursor seen, so missed changes are replayed (or a fresh snapshot comes). The state
 * (connecting, live, reconnecting, refused) is shown in the header.
 */
import {
  connectLive,
  followLive,
  type LiveFollow,
  type LiveHandlers,
  type LiveSocket,
} from '../../src/live/live-client.js';
import type { SubscribeRequest } from '../../src/live/live-protocol.js';
import { apiKey } from './api.js';

export type LiveState =
  | { kind: 'connecting' }
  | { kind: 'live' }
  | { kind: 'reconnecting' }
  | { kind: 'refused'; code: string; message: string };

let socket: LiveSocket | undefined;
let state: LiveState = { kind: 'connecting' };
const watchers = new Set<(s: LiveState) => void>();

function setState(next: LiveState): void {
  state = next;
  for (const w of watchers) w(state);
}

export function onLiveState(watch: (s: LiveState) => void): void {
  watchers.add(watch);
  watch(state);
}

export function liveSocket(): LiveSocket {
  if (socket !== undefined) return socket;
  const s = connectLive(location.origin, { apiKey: apiKey(), reconnectionDelayMax: 10_000 });
  s.on('connect', () => setState({ kind: 'live' }));
  s.on('disconnect', (reason) => {
    setState({ kind: 'reconnecting' });
    // The hub closed this connection on purpose (shutdown, too many refused events): socket.io does
    // not come back by itself then; try once more after a pause.
    if (reason === 'io server disconnect') setTimeout(() => s.connect(), 3_000);
  });
  s.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
    const code = err.data?.code;
    if (code === 'UNAUTHORIZED' || code === 'BAD_REQUEST') {
      setState({ kind: 'refused', code, message: err.data?.message ?? err.message });
    } else {
      setState({ kind: 'reconnecting' });
      // Refused by a middleware (rate limit, shutting down): socket.io gives up; retry once after a pause.
      if (!s.active) setTimeout(() => s.connect(), code === 'RATE_LIMITED' ? 30_000 : 5_000);
    }
  });
  socket = s;
  return s;
}

/** A subscription kept across reconnections; `stop()` when the view goes away. */
export function follow(request: Omit<SubscribeRequest, 'since'>, handlers: LiveHandlers): LiveFollow {
  return followLive(liveSocket(), request, handlers);
}

/** After the API key changed: a new handshake with it. */
export function reconnectLive(): void {
  if (socket === undefined) return;
  socket.disconnect();
  socket = undefined;
  setState({ kind: 'connecting' });
}
