/** Latencies in 1 ms buckets (up to 60 s): exact percentiles at 1 ms resolution, cheap to merge across processes. */
export class Histogram {
  readonly buckets: number[];

  constructor(buckets?: number[]) {
    this.buckets = buckets ?? new Array<number>(60_001).fill(0);
  }

  add(ms: number): void {
    this.buckets[Math.min(this.buckets.length - 1, Math.max(0, Math.round(ms)))] += 1;
  }

  merge(other: Histogram | number[]): void {
    const b = Array.isArray(other) ? other : other.buckets;
    for (let i = 0; i < b.length; i++) this.buckets[i] += b[i];
  }

  get count(): number {
    return this.buckets.reduce((a, b) => a + b, 0);
  }

  percentile(p: number): number {
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i];
      if (seen >= rank && seen > 0) return i;
    }
    return Number.NaN;
  }

  /** Sparse form for IPC: [ms, count] pairs. */
  toPairs(): Array<[number, number]> {
    const pairs: Array<[number, number]> = [];
    this.buckets.forEach((n, ms) => n > 0 && pairs.push([ms, n]));
    return pairs;
  }

  static fromPairs(pairs: Array<[number, number]>): Histogram {
    const h = new Histogram();
    for (const [ms, n] of pairs) h.buckets[ms] += n;
    return h;
  }
}
