import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';

describe('sources.yaml with a bad source', () => {
  const iso = isolation('config');
  let operator: LocalOperator;
  let hub: RunningHub;

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.setBody(jsonFeed({ a: 10, b: 20 }));
    const file = writeSources(`sources:
${jsonFeedSource('good-one', operator.url, '1s')}
  - id: bad-one
    kind: parking
    format: datex2
    url: https://operator.example/feed.xml
    interval: every-now-and-then
`);
    hub = await startHub(testConfig(iso, { sourcesPath: file }));
  });

  afterAll(async () => {
    await hub.close();
    await operator.close();
    await iso.cleanup();
  });

  it('reports the bad source with its id and field', async () => {
    const body = (await (await fetch(`${hub.url}/v1/sources`)).json()) as {
      data: Array<{ id: string }>;
      meta: { configErrors: Array<{ sourceId: string; field: string; message: string }> };
    };
    expect(body.data.map((s) => s.id)).toEqual(['good-one']);
    expect(body.meta.configErrors).toEqual([
      {
        sourceId: 'bad-one',
        field: 'interval',
        message: 'not a duration: "every-now-and-then" (use 500ms, 15s, 5m, 24h)',
      },
    ]);
  });

  it('runs the good source: its car parks are served', async () => {
    const parkings = await waitFor(async () => {
      const body = (await (await fetch(`${hub.url}/v1/parkings`)).json()) as {
        data: Array<{ id: string; free: number }>;
      };
      return body.data.length === 2 ? body.data : undefined;
    });
    expect(parkings.map((p) => [p.id, p.free])).toEqual([
      ['good-one:a', 10],
      ['good-one:b', 20],
    ]);
    expect(operator.requests).toBeGreaterThan(0);
  });
});
