import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { ModulesContainer } from '@nestjs/core';

export interface RouteInputs {
  /** `GET /v1/parkings/{id}/history`, as route-inventory.ts writes routes. */
  route: string;
  /** Names the handler read from its `@Query()` object (what its zod schema looked up), sorted. */
  query: string[];
  /** Names read from its `@Body()` object, sorted. */
  body: string[];
}

const PROBE_KEY = '__openapi_probe__';

/**
 * Calls every controller handler once, outside HTTP, with recording proxies as its `@Query()`
 * and `@Body()` objects, and a stand-in for everything else (`this`, req, res: any property is
 * a function returning false). The query parsing reads each key of the route schema's shape
 * from the input, and every read key gives a value no parameter accepts (an object, which a
 * query string never holds), so the handler stops at validation, before any service does work.
 * A body schema is strict and also refuses the probe's unknown key. What was read is what the
 * route accepts, taken from the code that runs.
 */
export async function probeRouteInputs(modules: ModulesContainer): Promise<RouteInputs[]> {
  const found: RouteInputs[] = [];
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (typeof type !== 'function') continue;
      const proto = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) as
          | Record<string, { index: number; data?: unknown }>
          | undefined;
        const query = new Set<string>();
        const body = new Set<string>();
        const callArgs: unknown[] = [];
        for (const [key, arg] of Object.entries(args ?? {})) {
          const kind = Number(key.split(':')[0]);
          if (kind === RouteParamtypes.QUERY) callArgs[arg.index] = recorder(query);
          else if (kind === RouteParamtypes.BODY) callArgs[arg.index] = recorder(body);
          else if (kind === RouteParamtypes.PARAM) callArgs[arg.index] = 'probe-source:probe-id';
          else callArgs[arg.index] = STAND_IN;
        }
        try {
          await (handler as (...a: unknown[]) => unknown).apply(STAND_IN, callArgs);
        } catch {
          // the expected end: validation refuses the probe values
        }
        const prefix = String(Reflect.getMetadata(PATH_METADATA, type) ?? '/');
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '/');
        const path = `/${prefix}/${sub}`
          .replace(/\/+/g, '/')
          .replace(/(.)\/$/, '$1')
          .replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        found.push({ route: `${RequestMethod[method]} ${path}`, query: [...query].sort(), body: [...body].sort() });
      }
    }
  }
  return found;
}

/** What every parameter the probe is asked for holds: not a string, so no schema accepts it. */
const REFUSED_VALUE = { probe: 'not a query value' };

function recorder(read: Set<string>): object {
  return new Proxy(
    { [PROBE_KEY]: 'x' },
    {
      get(target, key) {
        if (typeof key !== 'string' || key === PROBE_KEY) return Reflect.get(target, key) as unknown;
        read.add(key);
        return REFUSED_VALUE;
      },
    },
  );
}

const STAND_IN: object = new Proxy(() => false, {
  get: (_target, key) => (key === 'then' ? undefined : STAND_IN),
  apply: () => false,
});
