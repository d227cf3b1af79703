import { METHODS } from 'node:http';
import type { Request } from 'express';

/** What this reads of an Express 5 router (`router` package): its layers, and their routes. */
interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}
interface RouterLike {
  stack: RouteLayer[];
}

/**
 * The route layers of each app's router, collected once (the routes are all registered at boot).
 * Nest mounts a middleware bound to every route (`forRoutes('{*path}')`) as a route for every
 * method: left out, since it serves no request of its own.
 */
const routeLayers = new WeakMap<RouterLike, RouteLayer[]>();

/**
 * The methods the app serves on the request's path, uppercase and sorted (`HEAD` with `GET`, as
 * Express answers it), from the router's own layers, so matching is Express's own (case-sensitive,
 * strict); empty when no route has this path, or off Express.
 */
export function allowedMethods(req: Request): string[] {
  const router = (req.app as { router?: unknown } | undefined)?.router as RouterLike | undefined;
  if (router === undefined || !Array.isArray(router.stack)) return [];
  let layers = routeLayers.get(router);
  if (layers === undefined) {
    layers = router.stack.filter((layer) => layer.route !== undefined && !everyMethod(layer.route.methods));
    routeLayers.set(router, layers);
  }
  const path = new URL(req.originalUrl, 'http://hub.invalid').pathname;
  const methods = new Set<string>();
  for (const layer of layers) {
    if (!layer.match(path)) continue;
    for (const [method, on] of Object.entries(layer.route?.methods ?? {})) {
      if (on && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}

function everyMethod(methods: Record<string, boolean>): boolean {
  return methods._all === true || METHODS.every((method) => methods[method.toLowerCase()] === true);
}
