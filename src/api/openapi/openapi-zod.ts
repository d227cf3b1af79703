import { z } from 'zod';
import type { Json, JsonObject } from './openapi-helpers.js';

/**
 * What the zod schema of a parameter cannot say: its description, an example, and schema
 * keywords for what a transform checks (e.g. the `lat,lon` pattern of `near`) or a default the
 * service applies.
 */
export interface ParamDoc {
  description: string;
  example?: Json;
  schema?: JsonObject;
}

/** One ParamDoc per key of the zod object, no more, no fewer: tsc names a parameter added to one side only. */
export type ParamDocs<S extends z.ZodObject> = { [K in keyof S['shape'] & string]: ParamDoc };

/**
 * The JSON Schema (2020-12, the dialect of OpenAPI 3.1) of what a client sends, from zod 4's
 * own `z.toJSONSchema` on the input side: types, enums, bounds, patterns, defaults. Transforms
 * show as their input type. Zod's ISO date-time regex is left out (`format: date-time` says it),
 * and so are the ±2^53 bounds that `.int()` adds.
 */
export function jsonSchemaOf(schema: z.ZodType): JsonObject {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  delete out.$schema;
  return tidy(out);
}

function tidy(schema: JsonObject): JsonObject {
  if (schema.format === 'date-time') delete schema.pattern;
  if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
  if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
  const properties = schema.properties;
  if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
    for (const value of Object.values(properties)) {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) tidy(value);
    }
  }
  return schema;
}

/** The query parameters a route's zod schema accepts, in its key order, with their docs. */
export function queryParams<S extends z.ZodObject>(schema: S, docs: ParamDocs<S>): JsonObject[] {
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const doc = (docs as Record<string, ParamDoc | undefined>)[name];
    if (doc === undefined) throw new Error(`OpenAPI: query parameter "${name}" has no description`);
    const required = !field.safeParse(undefined).success;
    return {
      name,
      in: 'query',
      required,
      description: doc.description,
      schema: { ...jsonSchemaOf(field), ...doc.schema },
      ...(doc.example === undefined ? {} : { example: doc.example }),
    };
  });
}

/** A JSON request body from its zod schema, with an example. */
export function jsonBody(schema: z.ZodType, example: Json, descriptions: Record<string, string> = {}): JsonObject {
  const body = jsonSchemaOf(schema);
  const properties = body.properties as Record<string, JsonObject> | undefined;
  for (const [name, description] of Object.entries(descriptions)) {
    const property = properties?.[name];
    if (property === undefined) throw new Error(`OpenAPI: body property "${name}" is not in the schema`);
    property.description = description;
  }
  return { required: true, content: { 'application/json': { schema: body, example } } };
}
