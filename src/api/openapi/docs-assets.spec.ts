import { docsAsset } from './docs-assets.js';

describe('docsAsset', () => {
  it('serves a listed file and the start script', () => {
    expect(docsAsset('swagger-ui.css')?.contentType).toBe('text/css; charset=utf-8');
    expect(docsAsset('docs-init.js')?.contentType).toBe('application/javascript; charset=utf-8');
  });

  it('has no asset named after an Object.prototype key (constructor, toString...), as for any file not listed', () => {
    for (const name of [...Object.getOwnPropertyNames(Object.prototype), 'package.json']) {
      expect([name, docsAsset(name)]).toEqual([name, undefined]);
    }
  });
});
