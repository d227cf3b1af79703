import { Worker } from 'node:worker_threads';

/**
 * Peak resident set size, sampled every 2 ms from a worker thread: a timer on the main thread
 * would not fire during a synchronous parse, which is where the peak is. RSS is per process,
 * so the worker sees the main thread's allocations.
 */
const SAMPLER_SOURCE = `
const { workerData } = require('node:worker_threads');
const peakKb = new Int32Array(workerData);
setInterval(() => {
  const kb = Math.round(process.memoryUsage.rss() / 1024);
  if (kb > Atomics.load(peakKb, 0)) Atomics.store(peakKb, 0, kb);
}, 2);
`;

export class RssSampler {
  private readonly peakKb = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker = new Worker(SAMPLER_SOURCE, { eval: true, workerData: this.peakKb.buffer });

  /** Forgets the peak seen so far. */
  reset(): void {
    Atomics.store(this.peakKb, 0, Math.round(process.memoryUsage.rss() / 1024));
  }

  peakBytes(): number {
    return Math.max(Atomics.load(this.peakKb, 0) * 1024, process.memoryUsage.rss());
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
