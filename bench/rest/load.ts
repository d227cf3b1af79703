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
