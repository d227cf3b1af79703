import { accessRuleFor, apiKeyFromHeaders, bearerToken } from './access-policy.js';

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
    expect(apiKeyFromHeaders({ 'x-api-key': ' mh_abc ' })).toBe('mh_abc');
    expect(apiKeyFromHeaders({ 'x-api-key': '' })).toBeUndefined();
    expect(apiKeyFromHeaders({})).toBeUndefined();
    expect(bearerToken({ authorization: 'Bearer s3cret-token' })).toBe('s3cret-token');
    expect(bearerToken({ authorization: 'Basic abc' })).toBeUndefined();
    expect(bearerToken({})).toBeUndefined();
  });
});
