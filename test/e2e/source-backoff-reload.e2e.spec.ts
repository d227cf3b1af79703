import { writeFileSync } from 'node:fs';
import { SourceRegistry } from '../../src/config/source-registry.service.js';
import { jsonFeed } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';

/**
 * Issue #13: a source backing off after failures (its URL was wrong) is fixed in sources.yaml and
 * reloaded: the first poll of the fixed source comes at its next tick, not when the backoff earned
 * by the wrong URL runs out.
 */
interface SourceBody {
  status: string;
  nextPollAt?: string;
  pacedBy?: string;
}

describe('a reload clears the failure backoff of a source whose settings changed (issue #13)', () => {
  const iso = isolation('src_backoff_reload');
  let operator: LocalOperator;
  let hub: RunningHub;

  const yaml = (path: string): string => `sources:
  - id: fixme
    kind: parking
    format: json-mapping
    url: ${operator.url.replace('/feed', path)}
    interval: 500ms
    timeout: 1s
    allowPrivateNetwork: true
    mapping: { items: items, id: id, name: name, lat: lat, lon: lon, free: free, capacity: total, observedAt: ts }
`;
  const get = async (): Promise<SourceBody> =>
    (await fetch(`${hub.url}/v1/sources/fixme`)).json() as Promise<SourceBody>;

  beforeAll(async () => {
    operator = await startLocalOperator('/feed');
    const body = jsonFeed({ a: 5 }, new Date().toISOString());
    operator.handle((req, res) => {
      if (req.url !== '/feed') {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('no such feed');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
  });
  afterAll(async () => {
    await hub?.close();
    await operator?.close();
    await iso.cleanup();
  });

  it('polls the fixed source at its next tick instead of waiting out the backoff', async () => {
    const sourcesPath = writeSources(yaml('/wrong'));
    const base = testConfig(iso, { sourcesPath, pollBackoffMaxMs: 120_000 });
    hub = await startHub({ ...base, access: { ...base.access, anonymousPerMinute: 100_000 } });
    // Failures until the backoff holds the next poll back by more than 8 s.
    const backingOff = await waitFor(
      async () => {
        const body = await get();
        const gate = body.nextPollAt === undefined ? 0 : Date.parse(body.nextPollAt);
        return body.pacedBy === 'backoff' && gate - Date.now() > 8_000 ? body : undefined;
      },
      25_000,
      100,
    );
    expect(backingOff.status).toBe('down');

    writeFileSync(sourcesPath, yaml('/feed'));
    await hub.app.get(SourceRegistry).reload();
    const reloadedAt = Date.now();
    const fixed = await waitFor(
      async () => {
        const body = await get();
        return body.status === 'ok' ? body : undefined;
      },
      6_000,
      100,
    );
    expect(Date.now() - reloadedAt).toBeLessThan(6_000);
    expect(fixed.pacedBy).toBeUndefined();
  }, 45_000);
});
