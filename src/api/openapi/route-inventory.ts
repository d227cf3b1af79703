import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';

export interface ServedRoute {
  method: string;
  /** OpenAPI style: `/v1/parkings/{id}`. */
  path: string;
}

/**
 * Every HTTP route the running app's controllers declare, read from Nest's own metadata, so
 * the OpenAPI document can be compared with what is actually served (on either HTTP platform).
 */
export function servedRoutes(modules: ModulesContainer): ServedRoute[] {
  const routes = new Map<string, ServedRoute>();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (typeof type !== 'function') continue;
      const prefixes = asList(Reflect.getMetadata(PATH_METADATA, type));
      const proto = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        for (const prefix of prefixes) {
          for (const sub of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
            const route = { method: RequestMethod[method].toLowerCase(), path: toOpenApiPath(prefix, sub) };
            routes.set(`${route.method} ${route.path}`, route);
          }
        }
      }
    }
  }
  return [...routes.values()].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === undefined ? ['/'] : [String(value)];
}

function toOpenApiPath(prefix: string, sub: string): string {
  const joined = `/${prefix}/${sub}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return joined.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
