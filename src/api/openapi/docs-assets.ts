import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ownValue } from '../../common/own-key.js';

/** Swagger UI from the swagger-ui-dist package, served by the hub itself: the page loads nothing from a CDN. */
const FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

/** The page's own start script: a file, because the CSP forbids inline scripts. */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#swagger-ui', deepLinking: true, tryItOutEnabled: false });
});
`;

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Mobility Hub API</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/docs-init.js"></script>
</body>
</html>
`;

export interface DocsAsset {
  body: Buffer;
  contentType: string;
}

const loaded = new Map<string, DocsAsset>();

/** One asset by file name; undefined for anything not on the list (no path ever reaches the disk). */
export function docsAsset(file: string): DocsAsset | undefined {
  if (file === 'docs-init.js')
    return { body: Buffer.from(INIT_SCRIPT), contentType: 'application/javascript; charset=utf-8' };
  const contentType = ownValue(FILES, file);
  if (contentType === undefined) return undefined;
  let asset = loaded.get(file);
  if (asset === undefined) {
    asset = { body: readFileSync(path.join(swaggerUiDir(), file)), contentType };
    loaded.set(file, asset);
  }
  return asset;
}

function swaggerUiDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}
