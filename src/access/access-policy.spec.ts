import {
  accessRuleFor,
  apiKeyFrom,
  bearerToken,
  isCanonicalPath,
  normalisedPath,
  spellingProblem,
} from './access-policy.js';

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

  it('gives a spelling the strictest rule of the route and of every path it could be read as', () => {
    for (const spelled of [
      '/V1/admin/keys',
      '/v1/ADMIN/keys',
      '/v1/%61dmin/keys',
      '/%76%31/admin/keys',
      '/v1%2Fadmin/keys',
      '//v1/admin/keys',
      '/v1//admin/keys',
      '/./v1/admin/keys',
      '/x/../v1/admin/keys',
      '/x/%2e%2e/v1/admin/keys',
      '/v1;x/admin/keys',
      '/v1/admin;x',
      '/v1\\admin/keys',
      '/v1/admin/keys/',
    ])
      expect([spelled, accessRuleFor(spelled)]).toEqual([spelled, 'admin']);
    expect(accessRuleFor('/V1/parkings')).toBe('read');
    expect(accessRuleFor('//v1/parkings')).toBe('read');
    // The matched route's rule holds whatever the path says.
    expect(accessRuleFor('/docs/assets/x', '/v1/admin/keys/:id')).toBe('admin');
    expect(accessRuleFor('/health/live', '/v1/parkings')).toBe('read');
    // A lone or non-UTF-8 escape still decodes byte by byte; a stray % stays.
    expect(normalisedPath('/v1%2F%C3admin')).toBe('/v1/\u00e3admin');
    expect(normalisedPath('/a/%zz/../b/')).toBe('/a/b');
    expect(normalisedPath('/../..')).toBe('/');
  });

  it('knows the canonical form: case aside, what the router matches verbatim', () => {
    for (const path of ['/v1/parkings', '/v1/parkings/ABC-1', '/', '/docs/openapi.json', '/v1/parkings/.well'])
      expect([path, isCanonicalPath(path)]).toEqual([path, true]);
    for (const path of ['/v1/parkings/', '//v1', '/v1/./parkings', '/v1/x/..', '/v1;x', '/v1/%61', '/v1/a%2Fb', 'v1'])
      expect([path, isCanonicalPath(path)]).toEqual([path, false]);
  });

  it('names what makes a path another spelling; needed escapes and upper case are no problem', () => {
    expect(spellingProblem('/v1/%61dmin')).toBe('an escape of a character that needs none (%61)');
    expect(spellingProblem('/v1/parkings/x%00/history')).toBe('an escaped control character (%00)');
    expect(spellingProblem('/v1//admin')).toBe('an empty segment (//)');
    expect(spellingProblem('//v1')).toBe('an empty segment (//)');
    expect(spellingProblem('/v1/./admin')).toBe('a dot segment');
    expect(spellingProblem('/v1/x/..')).toBe('a dot segment');
    expect(spellingProblem('/v1;x/admin')).toBe('a ; parameter');
    expect(spellingProblem('/v1\\admin')).toBe('a backslash');
    expect(spellingProblem('/v1/admin/keys/')).toBe('a trailing /');
    for (const path of [
      '/',
      '/v1/parkings',
      '/V1/Parkings',
      '/v1/parkings/herrenberg%3A1',
      '/v1/parkings/a%2Fb',
      '/v1/.x',
    ])
      expect([path, spellingProblem(path)]).toEqual([path, undefined]);
  });

  it('reads X-API-Key and a Bearer token, ignoring empty values', () => {
    expect(apiKeyFrom({ 'x-api-key': ' mh_abc ' }, {}, false)).toBe('mh_abc');
    expect(apiKeyFrom({ 'x-api-key': '' }, {}, false)).toBeUndefined();
    expect(apiKeyFrom({}, undefined, false)).toBeUndefined();
    // Only the SSE stream's route reads the key from the query string (EventSource sends no headers).
    expect(apiKeyFrom({}, { apiKey: 'mh_q' }, true)).toBe('mh_q');
    expect(apiKeyFrom({}, { apiKey: 'mh_q' }, false)).toBeUndefined();
    expect(apiKeyFrom({ 'x-api-key': 'mh_h' }, { apiKey: 'mh_q' }, true)).toBe('mh_h');
    expect(bearerToken({ authorization: 'Bearer s3cret-token' })).toBe('s3cret-token');
    expect(bearerToken({ authorization: 'Basic abc' })).toBeUndefined();
    expect(bearerToken({})).toBeUndefined();
  });
});
