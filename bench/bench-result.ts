/** What every bench script prints (one JSON line prefixed with BENCH_RESULT) for bench/run.ts to tabulate. */
export interface BenchMetric {
  metric: string;
  value: number;
  unit: string;
  /** e.g. "<= 250" or ">= 0.5"; absent when there is no goal. */
  goal?: string;
}

export interface BenchResult {
  bench: string;
  metrics: BenchMetric[];
  notes?: string[];
}

export const RESULT_MARKER = 'BENCH_RESULT ';

export function report(result: BenchResult): void {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

/** Whether a value meets a goal written as "<= n" or ">= n". */
export function meetsGoal(value: number, goal: string | undefined): boolean | undefined {
  if (goal === undefined) return undefined;
  const match = /^(<=|>=)\s*(-?[\d.]+)$/.exec(goal.trim());
  if (!match) return undefined;
  const bound = Number(match[2]);
  return match[1] === '<=' ? value <= bound : value >= bound;
}
