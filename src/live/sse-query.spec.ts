import { AppException } from '../common/app-exception.js';
import { sseSubscribeRequest } from './sse-query.js';
import { parseSubscription } from './subscription-spec.js';

const limits = { maxIdsPerSubscription: 100, maxRadiusM: 5_000, maxBboxSideM: 10_000 };

describe('sseSubscribeRequest', () => {
  it('maps query parameters to the subscribe request', () => {
    const request = sseSubscribeRequest(
      {
        parkings: 'a:1,a:2',
        stops: ['v:s1', 'v:s2,v:s3'],
        near: '46.58,0.34',
        radius: '800',
        alerts: 'true',
        since: '5-1',
      },
      undefined,
    );
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
    expect(sseSubscribeRequest({ sources: '1', since: '5-1' }, '9-0')).toEqual({ sources: true, since: '9-0' });
  });

  it('passes bad values on for validation to name, and refuses unknown parameters', () => {
    const request = sseSubscribeRequest({ bbox: '0.3,46.5,x,46.6', alerts: 'maybe' }, undefined);
    expect(() => parseSubscription(request, limits)).toThrow(/area\.bbox\.2.*alerts|alerts.*area\.bbox\.2/);
    expect(() => sseSubscribeRequest({ route: 'v:1' }, undefined)).toThrow(AppException);
    expect(() => sseSubscribeRequest({ route: 'v:1' }, undefined)).toThrow('unknown parameter(s): route');
  });
});
