import { addSecretSource, REDACTED, redactText, redactValue } from './log-redactor.js';

describe('log redaction', () => {
  it('hides query keys, auth headers and URL passwords in text', () => {
    expect(redactText('GET /v1/parkings?near=46.5,0.3&apiKey=abc123def&radius=500 200')).toBe(
      `GET /v1/parkings?near=46.5,0.3&apiKey=${REDACTED}&radius=500 200`,
    );
    expect(redactText('https://x.org/feed?api_key=k1&key=k2&token=k3')).toBe(
      `https://x.org/feed?api_key=${REDACTED}&key=${REDACTED}&token=${REDACTED}`,
    );
    expect(redactText('headers: {"Authorization":"Bearer eyJhbGci.x.y", "x-api-key": "s3cret"}')).toBe(
      `headers: {"Authorization":"${REDACTED}", "x-api-key": "${REDACTED}"}`,
    );
    expect(redactText('postgres: postgres://hub:pa55word@db:5432/hub')).toBe(
      `postgres: postgres://hub:${REDACTED}@db:5432/hub`,
    );
    expect(redactText('monkey business: ok')).toBe('monkey business: ok');
  });

  it('hides the values substituted from ${ENV}, wherever they appear, while their source is registered', () => {
    const remove = addSecretSource(() => ['Z9-operator-key', 'on', undefined]);
    expect(redactText('fetch failed for Apikey Z9-operator-key (on)')).toBe(`fetch failed for Apikey ${REDACTED} (on)`);
    remove();
    expect(redactText('Z9-operator-key')).toBe('Z9-operator-key');
  });

  it('hides secret-named fields in structured values, at any depth', () => {
    const error = new Error('boom ?apiKey=zz');
    expect(
      redactValue({
        headers: { 'X-API-Key': 'k', Cookie: 'c', accept: 'json' },
        query: { apiKey: 'q', near: '1,2' },
        error,
      }),
    ).toEqual({
      headers: { 'X-API-Key': REDACTED, Cookie: REDACTED, accept: 'json' },
      query: { apiKey: REDACTED, near: '1,2' },
      error: { name: 'Error', message: `boom ?apiKey=${REDACTED}`, stack: expect.not.stringContaining('zz') },
    });
  });
});
