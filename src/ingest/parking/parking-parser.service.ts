import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { AppException, ParseException } from '../../common/app-exception.js';
import type { ParkingFormat } from '../../config/source-config.js';
import type { ParkingParseResult } from '../../parking/parking.model.js';
import type { ParseContext } from '../formats/parking-format-adapter.js';
import { parkingAdapterFor } from '../formats/parking-format.registry.js';
import type { ParseTask } from './parking-parse.worker.js';
import { PollStateKeeper, type PollCommit, type PollOutcome, type PollTask } from './poll-state-keeper.js';

/** Payloads at least this large are parsed in a worker thread, so a 20 MB DATEX II file does not stall the event loop. */
export const OFF_THREAD_BYTES = 256 * 1024;

/**
 * Old-space cap of the worker threads. Without it each thread's V8 heap, sized for the machine,
 * grows by tens of MB per large poll before it collects. A payload that needs more runs again on
 * a thread without the cap (and that source's polls stay there).
 */
export const THREAD_OLD_SPACE_MB = 128;

/**
 * Young-generation size of the worker threads (V8: 3 × the semi-space). A large poll's parsed
 * payload lives for the whole task; with the default (16 MB semi-spaces) scavenges copy it and
 * promote it to old space, which then needs full collections. Measured on the 10,000-lot bench:
 * poll p50 233-238 ms with 96 MB against 245-253 ms with 48 MB; 192 MB was no faster and let RSS
 * grow by 138 MB.
 */
export const THREAD_YOUNG_SPACE_MB = 96;

const WORKER_FILE = fileURLToPath(new URL('./parking-parse.worker.js', import.meta.url));

/** Where a poll ran; its commit must go to the same place, which holds that source's states. */
export type PollPlace = 'inline' | 'thread' | 'uncapped-thread';

export type PlacedOutcome = PollOutcome & { place: PollPlace };

const isOutOfMemory = (error: unknown): boolean =>
  (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';

/**
 * Runs the pure format adapters, and polls (parse + normalize + diff against the kept previous
 * states): inline for small payloads, in worker threads for large ones. Stateless parses use a
 * pool of two threads; polls use one long-lived thread that keeps the previous states of the
 * sources it polled, so neither 20,000 parsed records nor 10,000 previous states cross threads:
 * only the changes do. When the code runs from TypeScript sources (jest), there is no compiled
 * worker file and everything runs inline.
 */
@Injectable()
export class ParkingParserService implements OnApplicationShutdown {
  private readonly logger = new Logger(ParkingParserService.name);
  private parsePool?: Piscina;
  private pollPool?: Piscina;
  private uncappedPool?: Piscina;
  /** Sources whose poll once ran out of the capped thread's heap. */
  private readonly uncappedSources = new Set<string>();
  /** Previous states of the sources polled inline (small payloads). */
  readonly inlineKeeper = new PollStateKeeper();
  offThreadBytes = OFF_THREAD_BYTES;
  threadOldSpaceMb = THREAD_OLD_SPACE_MB;
  threadYoungSpaceMb = THREAD_YOUNG_SPACE_MB;

  async parse(format: ParkingFormat, bytes: Buffer, ctx: ParseContext): Promise<ParkingParseResult> {
    if (!this.offThread(bytes)) return parkingAdapterFor(format).parse(bytes, ctx);
    this.parsePool ??= this.newPool({ maxThreads: 2, idleTimeout: 30_000 }, true);
    const task: ParseTask = { format, bytes, ctx };
    return (await this.onThread(this.parsePool, task, 'default', () => this.uncapped())) as ParkingParseResult;
  }

  /** A poll up to the write, where that source's previous states are kept. */
  async poll(task: PollTask): Promise<PlacedOutcome> {
    if (!this.offThread(task.bytes)) return { ...this.inlineKeeper.run(task), place: 'inline' };
    const sourceId = task.ctx.sourceId;
    if (this.uncappedSources.has(sourceId)) {
      const outcome = (await this.onThread(this.uncapped(), task, 'poll')) as PollOutcome;
      return { ...outcome, place: 'uncapped-thread' };
    }
    this.pollPool ??= this.newPool({ minThreads: 1, maxThreads: 1, idleTimeout: Infinity }, true);
    try {
      return { ...((await this.onThread(this.pollPool, task, 'poll')) as PollOutcome), place: 'thread' };
    } catch (error) {
      if (!isOutOfMemory(error)) throw error;
      this.uncappedSources.add(sourceId);
      return this.poll(task);
    }
  }

  /** Tells the place that ran a poll what its write did (fire and forget: tasks run in order there). */
  commit(place: PollPlace, commit: PollCommit): void {
    if (place === 'inline') return this.inlineKeeper.commit(commit);
    const pool = place === 'thread' ? this.pollPool : this.uncappedPool;
    // A failure means the thread is gone, and the states it kept with it.
    pool?.run(commit, { name: 'commit' }).catch(() => undefined);
  }

  private offThread(bytes: Uint8Array): boolean {
    return bytes.length >= this.offThreadBytes && !import.meta.url.endsWith('.ts');
  }

  private uncapped(): Piscina {
    this.uncappedPool ??= this.newPool({ maxThreads: 1, idleTimeout: Infinity }, false);
    return this.uncappedPool;
  }

  private newPool(size: { minThreads?: number; maxThreads: number; idleTimeout: number }, capped: boolean): Piscina {
    const pool = new Piscina({
      filename: WORKER_FILE,
      ...size,
      resourceLimits: {
        maxYoungGenerationSizeMb: this.threadYoungSpaceMb,
        ...(capped ? { maxOldGenerationSizeMb: this.threadOldSpaceMb } : {}),
      },
    });
    // A thread that dies with no task of its own (e.g. a replacement that cannot start): its tasks'
    // callers already got their errors; this must not take the process down.
    pool.on('error', (error: Error) => this.logger.warn(`parse thread failed: ${error.message}`));
    return pool;
  }

  /** Runs a task with a copy of its bytes moved (not cloned) to the thread; the caller's bytes stay usable. */
  private async onThread(
    pool: Piscina,
    task: ParseTask | PollTask,
    name: string,
    fallback?: () => Piscina,
  ): Promise<unknown> {
    try {
      try {
        const bytes = new Uint8Array(task.bytes);
        return await pool.run({ ...task, bytes }, { name, transferList: [bytes.buffer] });
      } catch (error) {
        if (fallback === undefined || !isOutOfMemory(error)) throw error;
        return await this.onThread(fallback(), task, name);
      }
    } catch (error) {
      // Errors cross the thread boundary as plain Errors: restore the coded parse failure.
      if (error instanceof AppException || isOutOfMemory(error)) throw error;
      throw new ParseException((error as Error).message);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.parsePool?.destroy(), this.pollPool?.destroy(), this.uncappedPool?.destroy()]);
  }
}
