import type { NextFunction, Request, Response } from 'express';
import type { DashboardConfig } from '../../config/app-config.js';
import type { DashboardFiles } from './dashboard-assets.js';

const ASSET_PATH = /^\/assets\/([A-Za-z0-9._-]+)$/;

/**
 * Serves the dashboard: GET / (index.html with the page's settings as <meta> tags: the CSP allows
 * no inline script) and GET /assets/<file> (content-hashed names, cached a year). Open to
 * everyone, like /docs: the page asks for an API key itself when the hub requires one. Anything
 * else goes on to the routes. Without a built page, / explains how to build it.
 */
export function dashboardMiddleware(
  files: DashboardFiles | undefined,
  config: DashboardConfig,
): (req: Request, res: Response, next: NextFunction) => void {
  const page = files === undefined ? undefined : withSettings(files.index, config);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/') {
      if (page === undefined) {
        res.status(404).type('text/plain; charset=utf-8').send('dashboard not built: run "npm run build"\n');
        return;
      }
      res.setHeader('Cache-Control', 'no-cache');
      res.status(200).type('text/html; charset=utf-8').send(page);
      return;
    }
    const asset = ASSET_PATH.exec(req.path);
    if (asset === null) return next();
    const file = files?.assets.get(asset[1]);
    if (file === undefined) return next();
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.status(200).type(file.contentType).send(file.body);
  };
}

function withSettings(index: string, config: DashboardConfig): string {
  const meta = [
    `<meta name="hub-map-tiles" content="${escapeAttribute(config.tilesUrl ?? '')}">`,
    `<meta name="hub-map-attribution" content="${escapeAttribute(config.tilesAttribution)}">`,
  ].join('\n    ');
  return index.replace('</head>', `  ${meta}\n  </head>`);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
