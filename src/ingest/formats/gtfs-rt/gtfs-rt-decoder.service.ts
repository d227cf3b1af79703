import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setImmediate } from 'node:timers';
import { Worker } from 'node:worker_threads';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ParseException } from '../../../common/app-exception.js';
import type { DecodedFeed, TripBatch } from '../../../transit/realtime/decoded-feed.model.js';
import { decodeRtFeed } from './gtfs-rt-batches.js';
import type { WorkerReply, WorkerRequest } from './decode-worker.protocol.js';

/** Feeds at least this large are decoded on the worker thread. */
export const OFF_THREAD_BYTES = 64 * 1024;

/**
 * The compiled worker next to this file; when running from TypeScript sources (jest), the one
 * `nest build` wrote to dist/ (npm test builds first); else decoding stays inline.
 */
function workerFile(): string | undefined {
  const here = fileURLToPath(new URL('./gtfs-rt-decode.worker.js', import.meta.url));
  if (existsSync(here)) return here;
  const built = path.join(process.cwd(), 'dist/ingest/formats/gtfs-rt/gtfs-rt-decode.worker.js');
  return existsSync(built) ? built : undefined;
}

interface Pending {
  batches: TripBatch[];
  resolve(feed: DecodedFeed): void;
  reject(error: Error): void;
}

/** One long-lived decode thread per process; requests are answered in order of arrival. */
@Injectable()
export class RtDecoderService implements OnApplicationShutdown {
  private readonly logger = new Logger('GtfsRtDecoder');
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  offThreadBytes = OFF_THREAD_BYTES;
  /** How the last feed was decoded (for tests and the bench). */
  lastMode: 'inline' | 'worker' = 'inline';

  async decode(bytes: Buffer): Promise<DecodedFeed> {
    const worker = bytes.length >= this.offThreadBytes ? this.ensureWorker() : undefined;
    if (worker === undefined) {
      this.lastMode = 'inline';
      return decodeRtFeed(bytes);
    }
    this.lastMode = 'worker';
    const id = this.nextId++;
    const copy = new Uint8Array(bytes).buffer;
    return new Promise<DecodedFeed>((resolve, reject) => {
      this.pending.set(id, { batches: [], resolve, reject });
      worker.postMessage({ kind: 'decode', id, bytes: copy } satisfies WorkerRequest, [copy]);
    });
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker !== undefined) return this.worker;
    const file = workerFile();
    if (file === undefined) return undefined;
    const worker = new Worker(file);
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error('GTFS-RT decode worker exited'));
    });
    this.worker = worker;
    return worker;
  }

  private onReply(reply: WorkerReply): void {
    const p = this.pending.get(reply.id);
    if (p === undefined) return;
    if (reply.kind === 'batch') {
      p.batches.push(reply.batch);
      // Ask for the next batch only after the event loop had its turn.
      setImmediate(() => this.worker?.postMessage({ kind: 'next', id: reply.id } satisfies WorkerRequest));
      return;
    }
    this.pending.delete(reply.id);
    if (reply.kind === 'error') p.reject(new ParseException(reply.message));
    else p.resolve({ ...reply.rest, batches: p.batches });
  }

  private failAll(error: Error): void {
    if (this.pending.size > 0) this.logger.warn(`decode worker failed: ${error.message}`);
    for (const p of this.pending.values()) p.reject(new ParseException(`GTFS-RT decode worker: ${error.message}`));
    this.pending.clear();
  }

  async onApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
