import { accessRuleFor, apiKeyFrom, bearerToken } from './access-policy.js';

describe('access policy', () => {
  it('guards /v1/admin with the admin token, other /v1 paths with keys and limits, the rest not', () => {
    expect(accessRuleFor('/v1/admin/sources/reload')).toBe('admin');
    expect(accessRuleFor('/v1/admin')).toBe('admin');
    expect(accessRuleFor('/v1/administrators')).toBe('read');
    expect(accessRuleFor('/v1/parkings')).toBe('read');
    expect(accessRuleFor('/v1/stream')).toBe('read');
    expect(accessRuleFor('/health/live')).toBe('open');
    expect(accessRuleFor('/docs/openapi.json')).toBe('open');
    expect(accessRuleFor('/v10/parkings')).toBe('open');
  });

  it('reads X-API-Key and a Bearer token, ignoring empty values', () => {
    expect(apiKeyFrom({ 'x-api-key': ' mh_abc ' }, {}, '/v1/parkings')).toBe('mh_abc');
    expect(apiKeyFrom({ 'x-api-key': '' }, {}, '/v1/parkings')).toBeUndefined();
    expect(apiKeyFrom({}, undefined, '/v1/parkings')).toBeUndefined();
    // Only the SSE stream reads the key from the query string (EventSource sends no headers).
    expect(apiKeyFrom({}, { apiKey: 'mh_q' }, '/v1/stream')).toBe('mh_q');
    expect(apiKeyFrom({}, { apiKey: 'mh_q' }, '/v1/parkings')).toBeUndefined();
    expect(apiKeyFrom({ 'x-api-key': 'mh_h' }, { apiKey: 'mh_q' }, '/v1/stream')).toBe('mh_h');
    expect(bearerToken({ authorization: 'Bearer s3cret-token' })).toBe('s3cret-token');
    expect(bearerToken({ authorization: 'Basic abc' })).toBeUndefined();
    expect(bearerToken({})).toBeUndefined();
  });
});
