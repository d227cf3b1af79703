import { Inject, Logger } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { MetricsService } from '../ops/metrics/metrics.service.js';
import { ShutdownCoordinator } from '../ops/shutdown/shutdown-coordinator.service.js';
import { errorAck } from './live-errors.js';
import { LIVE_NAMESPACE, type SubscribeAck, type UnsubscribeAck } from './live-protocol.js';
import { LiveAccessService } from './live-access.service.js';
import { handshakeGuard } from './live-handshake.js';
import { pollingCors } from './live-polling-cors.js';
import { gateEvents } from './socket-event-gate.js';
import { REFUSAL_WINDOW_MS } from './socket-event-limiter.js';
import { LiveSubscribeService } from './live-subscribe.service.js';
import { LiveSubscriber } from './live-subscriber.js';
import { type LiveNamespace, type LiveServerSocket, SocketChannel, SocketSink, stopReading } from './socket-sink.js';
import { SubscriptionRegistry } from './subscription-registry.js';

/**
 * Largest message a client may send: a subscribe with 500 ids of 40 characters in each of its
 * three lists fits. A bigger frame closes the connection (WebSocket close 1009) before it is parsed.
 */
export const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;
/** A dropped client's TCP connection is destroyed this long after its "disconnect" packet was sent. */
const DROP_GRACE_MS = 1_000;

/**
 * socket.io namespace /live (docs/interface.md § Live feed). socket.io's default transports, as
 * socket.io-client's defaults expect: HTTP long-polling first, then the upgrade to WebSocket. The
 * limits hold on both: the handshake guard, the per-socket event gate and MAX_CLIENT_MESSAGE_BYTES
 * (a WebSocket frame or a polling POST body). Every API process serves its own sockets from the
 * shared change stream; only a long-polling session needs its requests to reach one process.
 */
@WebSocketGateway({
  namespace: LIVE_NAMESPACE,
  transports: ['polling', 'websocket'],
  serveClient: false,
  maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
})
export class LiveGateway
  implements OnGatewayInit<LiveNamespace>, OnGatewayConnection<LiveServerSocket>, OnGatewayDisconnect<LiveServerSocket>
{
  private readonly logger = new Logger('Live');
  private channel?: SocketChannel;

  constructor(
    private readonly subscriptions: LiveSubscribeService,
    private readonly registry: SubscriptionRegistry,
    private readonly access: LiveAccessService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly shutdown: ShutdownCoordinator,
  ) {}

  afterInit(nsp: LiveNamespace): void {
    this.channel = new SocketChannel(nsp, (transport, type, n) => this.metrics.livePushes.inc({ transport, type }, n));
    nsp.use(handshakeGuard(this.access, () => this.shutdown.isShuttingDown()));
    // Long-polling requests are engine.io's, answered before Express: they get REST's CORS rule here.
    nsp.server.engine.use(pollingCors(this.config.access.corsOrigins));
    // Closing the engine.io connection, without a socket.io "disconnect" packet, makes clients
    // reconnect by themselves ("transport close"), through the load balancer to another API
    // process, and resume from their cursor. (disconnectSockets() would tell them not to.)
    this.shutdown.onShutdown('live feed (socket.io)', () => {
      for (const socket of nsp.sockets.values()) socket.conn.close();
    });
  }

  /** Runs before the socket's first packet: every event it sends is rate-limited (socket-event-gate.ts). */
  handleConnection(socket: LiveServerSocket): void {
    this.metrics.liveClients.inc({ transport: 'socketio' });
    gateEvents(socket, this.config.live.events, { now: Date.now, drop: (s) => this.drop(s) });
  }

  handleDisconnect(socket: LiveServerSocket): void {
    this.metrics.liveClients.dec({ transport: 'socketio' });
    const subscriber = socket.data.subscriber;
    if (subscriber !== undefined) this.registry.removeSubscriber(subscriber);
  }

  /**
   * One subscribe at a time per connection, in the order sent (the token bucket bounds the
   * queue): a burst of subscribes costs one snapshot read at a time, and those still waiting when
   * the connection goes (or is dropped) cost nothing.
   */
  @SubscribeMessage('subscribe')
  subscribe(
    @ConnectedSocket() socket: LiveServerSocket,
    @MessageBody() body: unknown,
    @Ack() ack: unknown,
  ): Promise<void> {
    const reply = callback<SubscribeAck>(ack);
    const previous = socket.data.subscribing ?? Promise.resolve();
    const current = previous.then(() => this.subscribeNow(socket, body, reply));
    socket.data.subscribing = current;
    return current;
  }

  /** Never rejects: every failure is an error ack. */
  private async subscribeNow(
    socket: LiveServerSocket,
    body: unknown,
    reply: (ack: SubscribeAck) => void,
  ): Promise<void> {
    if (!socket.connected) return;
    try {
      await this.subscriptions.subscribe(this.subscriberOf(socket), body, socket.data.cursor, reply);
    } catch (error) {
      reply(errorAck(error, this.logger));
    }
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(@ConnectedSocket() socket: LiveServerSocket, @MessageBody() body: unknown, @Ack() ack: unknown): void {
    const reply = callback<UnsubscribeAck>(ack);
    try {
      reply(this.subscriptions.unsubscribe(socket.data.subscriber, body));
    } catch (error) {
      reply(errorAck(error, this.logger));
    }
  }

  /** A client that kept sending into its empty bucket: logged once, then its connection is closed. */
  private drop(socket: LiveServerSocket): void {
    const { refusalsBeforeDisconnect, perSecond, burst } = this.config.live.events;
    this.logger.warn(
      `socket ${socket.id} from ${this.access.clientIp(socket.request)} disconnected: ${refusalsBeforeDisconnect} ` +
        `events refused (RATE_LIMITED) within ${REFUSAL_WINDOW_MS / 1_000} s, limit ${perSecond}/s, burst ${burst}`,
    );
    // Nothing more is read from it: what it has sent since (a flood is megabytes on the wire
    // already) would otherwise all be parsed, and block the event loop, before the close.
    stopReading(socket);
    const tcp = socket.request.socket;
    // A "disconnect" packet (the client sees "io server disconnect" and does not reconnect by
    // itself), then the close; the TCP connection goes when the packet has had time to arrive.
    socket.disconnect(true);
    setTimeout(() => tcp.destroy(), DROP_GRACE_MS).unref();
  }

  /** Created on the first subscribe: an idle connection costs no registry state. */
  private subscriberOf(socket: LiveServerSocket): LiveSubscriber {
    if (socket.data.subscriber === undefined) {
      const sink = new SocketSink(socket, this.channel as SocketChannel, this.config.live.slowClientPackets);
      socket.data.subscriber = new LiveSubscriber(sink);
      socket.data.subscriber.closed = !socket.connected;
    }
    return socket.data.subscriber;
  }
}

/** A client may emit without an ack callback; then answers go nowhere. */
function callback<T>(ack: unknown): (response: T) => void {
  return typeof ack === 'function' ? (response: T) => (ack as (r: T) => void)(response) : () => undefined;
}
