/** Wall-clock samples in ms, summarised the way docs/benchmarks.md reports them. */
export class Timings {
  readonly samples: number[] = [];

  async time<T>(work: () => Promise<T> | T): Promise<T> {
    const start = process.hrtime.bigint();
    const result = await work();
    this.samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    return result;
  }

  percentile(p: number): number {
    const sorted = [...this.samples].sort((a, b) => a - b);
    if (sorted.length === 0) return Number.NaN;
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }

  get p50(): number {
    return this.percentile(50);
  }

  get p95(): number {
    return this.percentile(95);
  }

  get max(): number {
    return Math.max(...this.samples);
  }
}
