import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { SeenChangeCursorPort } from './change-cursor.port.js';
import { CHANGE_STREAM, type ChangeStreamPort, type ChangeStreamTail } from './change-stream.port.js';
import { type CursorKey, ZERO_CURSOR, compareCursors, parseCursor } from './cursor.js';
import { LiveDispatcher } from './live-dispatcher.service.js';
import { ReplayLog } from './replay-log.js';

const BLOCK_MS = 5_000;
const BATCH = 500;
const RETRY_MS = 500;

/**
 * The one reader of the change stream in this API process: a blocking tail read on its own connection,
 * from the stream's end at boot, each batch dispatched to local sockets and SSE clients. Every
 * API process reads the same stream, so an update made by any worker reaches clients on every
 * process — no socket.io adapter, no sticky sessions.
 */
@Injectable()
export class ChangeStreamReader implements OnApplicationBootstrap, OnModuleDestroy, SeenChangeCursorPort {
  private readonly logger = new Logger('Live');
  private connection?: ChangeStreamTail;
  private stopped = false;
  private started = false;
  private failing = false;
  private cursor = ZERO_CURSOR;
  private waiters: Array<{ key: CursorKey; done: (reached: boolean) => void }> = [];
  private markReady!: () => void;
  /** Resolves once the start position is known. */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(
    @Inject(CHANGE_STREAM) private readonly stream: ChangeStreamPort,
    private readonly dispatcher: LiveDispatcher,
    private readonly log: ReplayLog,
  ) {}

  /** The last stream entry dispatched: a subscription registered now gets every later one live. */
  get position(): string {
    return this.cursor;
  }

  /** The position, while the reader is running and its last read succeeded. */
  seen(): string | undefined {
    return this.started && !this.failing && !this.stopped ? this.cursor : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const state = await this.stream.state();
    this.cursor = state.lastId;
    this.log.reset(parseCursor(state.lastId) ?? { ms: 0, seq: 0 });
    this.markReady();
    this.connection = this.stream.openTail();
    void this.loop();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.connection?.close();
    for (const waiter of this.waiters) waiter.done(false);
    this.waiters = [];
  }

  /** Resolves true once the reader has dispatched `key` (or beyond), false after the timeout. */
  waitFor(key: CursorKey, timeoutMs: number): Promise<boolean> {
    if (this.reached(key)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { key, done: resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(this.reached(key));
      }, timeoutMs).unref();
    });
  }

  private async loop(): Promise<void> {
    this.started = true;
    while (!this.stopped && this.connection !== undefined) {
      try {
        const entries = await this.connection.read(this.cursor, BATCH, BLOCK_MS);
        this.failing = false;
        if (entries.length === 0) continue;
        this.dispatcher.dispatch(entries);
        this.cursor = entries[entries.length - 1].cursor;
        this.wakeWaiters();
      } catch (error) {
        if (this.stopped) return;
        if (!this.failing) this.logger.warn(`change stream read failed, retrying: ${(error as Error).message}`);
        this.failing = true;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  private reached(key: CursorKey): boolean {
    const at = parseCursor(this.cursor);
    return at !== undefined && compareCursors(at, key) >= 0;
  }

  private wakeWaiters(): void {
    if (this.waiters.length === 0) return;
    const [done, waiting] = [
      this.waiters.filter((w) => this.reached(w.key)),
      this.waiters.filter((w) => !this.reached(w.key)),
    ];
    this.waiters = waiting;
    for (const waiter of done) waiter.done(true);
  }
}
