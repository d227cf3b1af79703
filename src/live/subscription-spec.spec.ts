import { AppException } from '../common/app-exception.js';
import { parseSubscription } from './subscription-spec.js';

const limits = { maxIdsPerSubscription: 3, maxRadiusM: 5_000, maxBboxSideM: 10_000 };

function refusal(input: unknown): { code: string; message: string } {
  try {
    parseSubscription(input, limits);
  } catch (error) {
    if (error instanceof AppException) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('accepted');
}

describe('parseSubscription', () => {
  it('accepts every filter of docs/interface.md § Live feed and removes duplicate ids', () => {
    const spec = parseSubscription(
      {
        parkings: ['p:1', 'p:1', 'p:2'],
        area: { near: { lat: 46.58, lon: 0.34 }, radius: 800 },
        stops: ['v:s1'],
        routes: ['v:1'],
        alerts: true,
        sources: true,
        since: '1795860067185-0',
      },
      limits,
    );
    expect(spec).toMatchObject({
      parkings: ['p:1', 'p:2'],
      stops: ['v:s1'],
      routes: ['v:1'],
      alerts: true,
      sources: true,
      since: '1795860067185-0',
    });
    expect(spec.area?.request).toEqual({ near: { lat: 46.58, lon: 0.34 }, radius: 800 });
    expect(spec.area?.shape.contains({ lat: 46.58, lon: 0.34 })).toBe(true);
  });

  it('takes a bbox and keeps since: null apart from no since', () => {
    const spec = parseSubscription({ area: { bbox: [0.33, 46.57, 0.35, 46.59] }, since: null }, limits);
    expect(spec.area?.request).toEqual({ bbox: [0.33, 46.57, 0.35, 46.59] });
    expect(spec.since).toBeNull();
    expect(parseSubscription({ sources: true }, limits).since).toBeUndefined();
  });

  it.each([
    [undefined, /nothing to subscribe to/],
    [{}, /nothing to subscribe to/],
    [{ alerts: false }, /nothing to subscribe to/],
    ['parkings', /expected object/],
    [[{ parkings: ['a'] }], /expected object/],
    [{ parking: ['a'] }, /unrecognized key.*"parking"/i],
    [{ parkings: 'a' }, /parkings: .*expected array/],
    [{ parkings: ['a', 'b', 'c', 'd'] }, /parkings: at most 3 ids per subscription/],
    [{ parkings: [''] }, /parkings\.0/],
    [{ area: { near: { lat: 46.58, lon: 0.34 } } }, /area\.radius: radius \(m\) is required/],
    [{ area: { near: { lat: 46.58, lon: 0.34 }, radius: 5_001 } }, /area\.radius: at most 5000 m/],
    [{ area: { near: { lat: 46.58, lon: 0.34 }, radius: -1 } }, /area\.radius/],
    [{ area: { near: { lat: 91, lon: 0.34 }, radius: 10 } }, /area\.near\.lat/],
    [{ area: { near: { lat: '46.58', lon: 0.34 }, radius: 10 } }, /area\.near\.lat/],
    [{ area: { radius: 10 } }, /area\.near: expected \{ near/],
    [
      { area: { bbox: [0.35, 46.57, 0.33, 46.59] } },
      /area\.bbox: expected \[minLon, minLat, maxLon, maxLat\] with min < max/,
    ],
    [{ area: { bbox: [0.2, 46.5, 0.4, 46.7] } }, /area\.bbox: each side at most 10000 m \(this one: 22239 m\)/],
    [{ area: { bbox: [0.33, 46.57, 0.35] } }, /area\.bbox/],
    [{ area: { bbox: [0.33, 46.57, 0.35, 46.59], near: { lat: 46.58, lon: 0.34 } } }, /not both/],
    [{ alerts: 'yes' }, /alerts: .*expected boolean/],
    [{ sources: true, since: 'latest' }, /since: not a cursor/],
    [{ sources: true, since: 12 }, /since/],
    [{ area: { near: { lat: 89.99, lon: 0 }, radius: 5_000 } }, /area: too large/],
  ])('refuses %j with BAD_REQUEST naming the field', (input, message) => {
    const error = refusal(input);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(message);
  });
});
