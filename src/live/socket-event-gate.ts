import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { codedAck } from './live-errors.js';
import { isLiveClientEvent, type LiveErrorAck } from './live-protocol.js';
import { type EventLimits, REFUSAL_WINDOW_MS, SocketEventLimiter } from './socket-event-limiter.js';
import type { LiveServerSocket } from './socket-sink.js';

export interface EventGateHooks {
  /** Called once per socket, when it has been refused too often: the gateway logs and disconnects it. */
  drop(socket: LiveServerSocket): void;
  now(): number;
}

/** A packet as socket.io middleware sees it: the event name, its arguments, the ack function last when asked for. */
type Packet = [event: string, ...args: unknown[]];

/**
 * Every event a client sends passes this socket middleware (`socket.use`) before any handler:
 * each one takes a token of the connection's bucket. Without a token it is answered RATE_LIMITED
 * (with `retryAfterMs`) and goes no further; `refusalsBeforeDisconnect` refusals within 10 s drop
 * the connection. An event the feed does not know is answered BAD_REQUEST, after taking its token.
 * The bucket lives in this closure on the socket: it goes with the socket, nothing to clean up.
 */
export function gateEvents(socket: LiveServerSocket, limits: EventLimits, hooks: EventGateHooks): void {
  const limiter = new SocketEventLimiter(limits, hooks.now());
  let dropped = false;
  socket.use((packet: Packet, next: (error?: Error) => void) => {
    // Packets already read when the socket was dropped still come through: nothing more for them.
    if (dropped || !socket.connected) return;
    const now = hooks.now();
    const verdict = limiter.take(now);
    if (verdict === 'accept') {
      if (isLiveClientEvent(packet[0])) return next();
      return answer(packet, codedAck(unknownEvent(packet[0])));
    }
    answer(packet, rateLimited(limits, limiter.retryAfterMs(now)));
    if (verdict === 'disconnect') {
      dropped = true;
      hooks.drop(socket);
    }
  });
}

/** The ack itself, not an AppException: a flood is answered many times, a stack trace each time would cost. */
function rateLimited(limits: EventLimits, retryAfterMs: number): LiveErrorAck {
  const message =
    `at most ${limits.perSecond} events per second (${limits.burst} at once) per connection: retry in ${retryAfterMs} ms; ` +
    `${limits.refusalsBeforeDisconnect} refused within ${REFUSAL_WINDOW_MS / 1_000} s close the connection`;
  const details = { perSecond: limits.perSecond, burst: limits.burst, retryAfterMs };
  return { ok: false, error: { code: ErrorCode.RATE_LIMITED, message, details } };
}

function unknownEvent(name: unknown): AppException {
  const shown = String(name).slice(0, 64);
  return new AppException(ErrorCode.BAD_REQUEST, `unknown event "${shown}": expected subscribe or unsubscribe`);
}

/** A client that asked for an ack gets one; without, the answer goes nowhere. */
function answer(packet: Packet, ack: LiveErrorAck): void {
  const last = packet[packet.length - 1];
  if (packet.length > 1 && typeof last === 'function') (last as (response: LiveErrorAck) => void)(ack);
}
