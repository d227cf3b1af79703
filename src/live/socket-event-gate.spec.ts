import type { LiveErrorAck } from './live-protocol.js';
import { gateEvents } from './socket-event-gate.js';
import type { LiveServerSocket } from './socket-sink.js';

type Middleware = (packet: [string, ...unknown[]], next: (error?: Error) => void) => void;

/** The two things the gate uses of a socket.io socket: `use` and `connected`. */
function fakeSocket() {
  const state = { connected: true, middleware: undefined as Middleware | undefined };
  const socket = {
    get connected() {
      return state.connected;
    },
    use(fn: Middleware) {
      state.middleware = fn;
    },
  } as unknown as LiveServerSocket;
  return { socket, state };
}

describe('gateEvents', () => {
  const limits = { perSecond: 1, burst: 2, refusalsBeforeDisconnect: 3 };

  function setup() {
    const { socket, state } = fakeSocket();
    const dropped: LiveServerSocket[] = [];
    let now = 1_000_000;
    gateEvents(socket, limits, { now: () => now, drop: (s) => dropped.push(s) });
    const send = (event: string) => {
      const acks: LiveErrorAck[] = [];
      let passed = false;
      state.middleware?.([event, {}, (ack: LiveErrorAck) => acks.push(ack)], () => (passed = true));
      return { passed, ack: acks[0] };
    };
    return { send, dropped, state, advance: (ms: number) => (now += ms) };
  }

  it('passes known events while tokens last, then answers RATE_LIMITED with retryAfterMs', () => {
    const { send, dropped } = setup();
    expect(send('subscribe')).toEqual({ passed: true, ack: undefined });
    expect(send('unsubscribe')).toEqual({ passed: true, ack: undefined });
    const refused = send('subscribe');
    expect(refused.passed).toBe(false);
    expect(refused.ack).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', details: { perSecond: 1, burst: 2, retryAfterMs: 1_000 } },
    });
    expect(dropped).toHaveLength(0);
  });

  it('unknown events take a token and are answered BAD_REQUEST, never passed on', () => {
    const { send } = setup();
    expect(send('hello')).toMatchObject({ passed: false, ack: { ok: false, error: { code: 'BAD_REQUEST' } } });
    expect(send('subscribe').passed).toBe(true);
    expect(send('subscribe').ack?.error.code).toBe('RATE_LIMITED');
  });

  it('drops the socket once after refusalsBeforeDisconnect refusals, and ignores what it sent after', () => {
    const { send, dropped, state } = setup();
    send('subscribe');
    send('subscribe');
    send('subscribe');
    send('subscribe');
    expect(dropped).toHaveLength(0);
    expect(send('subscribe').ack?.error.code).toBe('RATE_LIMITED');
    expect(dropped).toHaveLength(1);
    state.connected = false;
    expect(send('subscribe')).toEqual({ passed: false, ack: undefined });
    expect(dropped).toHaveLength(1);
  });

  it('a client at the rate is never refused', () => {
    const { send, advance } = setup();
    for (let i = 0; i < 100; i += 1) {
      expect(send('subscribe').passed).toBe(true);
      advance(1_000);
    }
  });
});
