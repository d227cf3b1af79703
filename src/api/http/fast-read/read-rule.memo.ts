import { accessRuleFor, isCanonicalPath, KEY_IN_QUERY_ROUTES } from '../../../access/access-policy.js';

/** Held answers are of few paths; past this many, the memo starts over. */
const DEFAULT_MAX_PATHS = 1_024;

/**
 * Whether the fast read path may apply the guard's rule itself to a path served from a route:
 * a path in canonical form (the one the router matches) under the `read` rule (API key or
 * anonymous quota), on a route whose key comes from headers only. Pure functions of the two
 * strings, so each pair is decided once and remembered (bounded) instead of on every request.
 */
export class ReadRuleMemo {
  private readonly byRoute = new Map<string, Map<string, boolean>>();
  private paths = 0;

  constructor(private readonly maxPaths = DEFAULT_MAX_PATHS) {}

  isHeaderKeyedRead(path: string, route: string): boolean {
    let byPath = this.byRoute.get(route);
    const known = byPath?.get(path);
    if (known !== undefined) return known;
    const decided =
      isCanonicalPath(path) &&
      accessRuleFor(path, route) === 'read' &&
      !KEY_IN_QUERY_ROUTES.has(route) &&
      !KEY_IN_QUERY_ROUTES.has(path);
    if (this.paths >= this.maxPaths) {
      this.byRoute.clear();
      this.paths = 0;
      byPath = undefined;
    }
    if (byPath === undefined) {
      byPath = new Map();
      this.byRoute.set(route, byPath);
    }
    byPath.set(path, decided);
    this.paths += 1;
    return decided;
  }

  get size(): number {
    return this.paths;
  }
}
