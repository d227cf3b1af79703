import type { NextFunction, Request, Response } from 'express';
import type { DashboardFiles } from './dashboard-assets.js';
import { dashboardMiddleware } from './dashboard.middleware.js';

interface Sent {
  status?: number;
  type?: string;
  body?: unknown;
  headers: Record<string, string>;
  next: boolean;
}

function call(files: DashboardFiles | undefined, method: string, path: string, tilesUrl?: string): Sent {
  const sent: Sent = { headers: {}, next: false };
  const res = {
    setHeader: (name: string, value: string) => ((sent.headers[name] = value), res),
    status: (code: number) => ((sent.status = code), res),
    type: (type: string) => ((sent.type = type), res),
    send: (body: unknown) => ((sent.body = body), res),
  };
  const next: NextFunction = () => {
    sent.next = true;
  };
  dashboardMiddleware(files, { tilesUrl, tilesAttribution: '© "OSM" <contributors>' })(
    { method, path } as Request,
    res as unknown as Response,
    next,
  );
  return sent;
}

const FILES: DashboardFiles = {
  index: '<!doctype html><html><head><title>x</title></head><body></body></html>',
  assets: new Map([
    ['index-abc.js', { body: Buffer.from('js'), contentType: 'application/javascript; charset=utf-8' }],
  ]),
};

describe('dashboardMiddleware', () => {
  it('serves / with the map settings as escaped <meta> tags, not cached', () => {
    const sent = call(FILES, 'GET', '/', 'https://tile.example.org/{z}/{x}/{y}.png');
    expect(sent.status).toBe(200);
    expect(sent.headers['Cache-Control']).toBe('no-cache');
    expect(sent.body).toContain('<meta name="hub-map-tiles" content="https://tile.example.org/{z}/{x}/{y}.png">');
    expect(sent.body).toContain('content="© &quot;OSM&quot; &lt;contributors&gt;"');
    expect(String(sent.body).indexOf('hub-map-tiles')).toBeLessThan(String(sent.body).indexOf('</head>'));
  });

  it('serves a built asset for a year, and passes anything else on', () => {
    const asset = call(FILES, 'GET', '/assets/index-abc.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['Cache-Control']).toContain('immutable');
    for (const [method, path] of [
      ['GET', '/assets/other.js'],
      ['GET', '/assets/../package.json'],
      ['GET', '/v1/parkings'],
      ['GET', '/index.html'],
      ['POST', '/'],
    ]) {
      const sent = call(FILES, method, path);
      expect([path, sent.next, sent.status]).toEqual([path, true, undefined]);
    }
  });

  it('says how to build the page when it was not built', () => {
    const sent = call(undefined, 'GET', '/');
    expect(sent.status).toBe(404);
    expect(sent.body).toContain('npm run build');
    expect(call(undefined, 'GET', '/assets/index-abc.js').next).toBe(true);
  });
});
