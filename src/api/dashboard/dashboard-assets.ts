import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dashboard as `vite build` wrote it (dist/web): index.html and the hashed files under assets/. */
export interface DashboardFiles {
  /** index.html as built; the page's settings are added to its head when served. */
  index: string;
  /** By file name under assets/; no request path ever reaches the disk. */
  assets: ReadonlyMap<string, { body: Buffer; contentType: string }>;
}

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/**
 * dist/web beside the built hub (dist/api/dashboard -> dist/web), or, when run from the sources
 * (tests through ts-jest), the one `npm run build` wrote in the project.
 */
export function dashboardDir(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../web'), path.resolve(here, '../../../dist/web')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
}

/** Reads the built page into memory (a few hundred kB), or undefined when it was not built. */
export function loadDashboard(dir = dashboardDir()): DashboardFiles | undefined {
  if (dir === undefined) return undefined;
  const assets = new Map<string, { body: Buffer; contentType: string }>();
  const assetsDir = path.join(dir, 'assets');
  if (existsSync(assetsDir)) {
    for (const name of readdirSync(assetsDir)) {
      const contentType = TYPES[path.extname(name)];
      if (contentType !== undefined) assets.set(name, { body: readFileSync(path.join(assetsDir, name)), contentType });
    }
  }
  return { index: readFileSync(path.join(dir, 'index.html'), 'utf8'), assets };
}
