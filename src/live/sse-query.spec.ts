import { AppException } from '../common/app-exception.js';
import { EVERYTHING, sseSubscribeRequest } from './sse-query.js';
import { parseSubscription } from './subscription-spec.js';

const limits = { maxIdsPerSubscription: 100, maxRadiusM: 5_000, maxBboxSideM: 10_000 };

/** The 400's body parts, or undefined when the query is accepted. */
function refusal(
  query: Record<string, unknown>,
  lastEventId?: string,
): { message: string; details: unknown } | undefined {
  try {
    sseSubscribeRequest(query, lastEventId, limits);
    return undefined;
  } catch (error) {
    if (!(error instanceof AppException)) throw error;
    return { message: error.message, details: error.details };
  }
}

describe('sseSubscribeRequest', () => {
  it('maps query parameters to the subscribe request', () => {
    const { request, ignored } = sseSubscribeRequest(
      {
        parkings: 'a:1,a:2',
        stops: ['v:s1', 'v:s2,v:s3'],
        near: '46.58,0.34',
        radius: '800',
        alerts: 'true',
        since: '5-1',
        _: '1733100000000',
      },
      undefined,
      limits,
    );
    expect(ignored).toEqual(['_']);
    expect(request).toEqual({
      parkings: ['a:1', 'a:2'],
      stops: ['v:s1', 'v:s2', 'v:s3'],
      alerts: true,
      area: { near: { lat: 46.58, lon: 0.34 }, radius: 800 },
      since: '5-1',
    });
    expect(parseSubscription(request, limits).area?.request).toEqual({ near: { lat: 46.58, lon: 0.34 }, radius: 800 });
  });

  it('Last-Event-ID wins over since', () => {
    expect(sseSubscribeRequest({ sources: '1', since: '5-1' }, '9-0', limits).request).toEqual({
      sources: true,
      since: '9-0',
    });
  });

  it('no filter is every car park, alert and source; since and apiKey are no filters', () => {
    expect(sseSubscribeRequest({}, undefined, limits).request).toEqual(EVERYTHING);
    expect(sseSubscribeRequest({ apiKey: 'k', since: '5-1', _: '1' }, undefined, limits).request).toEqual({
      ...EVERYTHING,
      since: '5-1',
    });
    expect(parseSubscription(sseSubscribeRequest({}, undefined, limits).request, limits)).toMatchObject({
      allParkings: true,
      alerts: true,
      sources: true,
      parkings: [],
    });
  });

  it('names the query parameter, in REST words, for every refusal', () => {
    expect(refusal({ near: 'abc' })).toEqual({
      message: 'near: expected "lat,lon" in degrees, e.g. 46.58,0.34',
      details: [{ parameter: 'near', message: 'expected "lat,lon" in degrees, e.g. 46.58,0.34' }],
    });
    expect(refusal({ near: '46.58,0.34', radius: '9000' })?.details).toEqual([
      { parameter: 'radius', message: 'at most 5000 m' },
    ]);
    expect(refusal({ bbox: '0.3,46.5,x,46.6', alerts: 'maybe' })?.details).toEqual([
      { parameter: 'bbox', message: 'expected "minLon,minLat,maxLon,maxLat" with min < max' },
      { parameter: 'alerts', message: 'expected true or false' },
    ]);
    expect(refusal({ parkings: Array.from({ length: 101 }, (_, i) => `a:${i}`).join(',') })?.details).toEqual([
      { parameter: 'parkings', message: 'at most 100 ids per subscription' },
    ]);
    expect(refusal({ parkings: ',' })?.message).toMatch(/^\(query\): nothing to subscribe to/);
    expect(refusal({ sources: '1' }, 'x')?.details).toEqual([
      { parameter: 'Last-Event-ID', message: 'not a cursor (expected "<ms>-<seq>", as found in events)' },
    ]);
    expect(refusal({ route: 'v:1' })).toEqual({
      message: 'unknown parameter route; did you mean routes?',
      details: [{ parameter: 'route', message: 'unknown parameter; did you mean routes?' }],
    });
    expect(refusal({ near: ['1,2', '3,4'], 'radius[]': '5' })).toEqual({
      message: 'near: given 2 times; give it once; radius: give one value, as radius=value (not radius[])',
      details: [
        { parameter: 'near', message: 'given 2 times; give it once' },
        { parameter: 'radius', message: 'give one value, as radius=value (not radius[])' },
      ],
    });
  });
});
