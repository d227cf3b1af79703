import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** A bounded autocannon run against one loopback URL; `paths` gives each request its own path, round robin. */
export async function load(
  url: string,
  opts: { connections: number; seconds: number; headers?: Record<string, string>; paths?: string[] },
): Promise<LoadResult> {
  let next = 0;
  const paths = opts.paths;
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    headers: opts.headers,
    pipelining: 1,
    requests:
      paths === undefined ? undefined : [{ setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * A warm-up run, then the measured run with the server's CPU time around it: each request a
 * path of its own (the warm-up's and the measured run's from different seeds).
 */
export async function measureVaried(
  target: { url: string; cpuMicros(): Promise<number> },
  opts: {
    connections: number;
    warmupS: number;
    seconds: number;
    headers: Record<string, string>;
    warmupPaths: string[];
    paths: string[];
  },
): Promise<LoadResult & { cpuPerRequestUs: number }> {
  const base = { connections: opts.connections, headers: opts.headers };
  await load(`${target.url}/`, { ...base, seconds: opts.warmupS, paths: opts.warmupPaths });
  const cpuBefore = await target.cpuMicros();
  const run = await load(`${target.url}/`, { ...base, seconds: opts.seconds, paths: opts.paths });
  const cpu = (await target.cpuMicros()) - cpuBefore;
  return { ...run, cpuPerRequestUs: cpu / Math.max(1, run.requests) };
}
