import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Shared by the e2e tests that check answers against the OpenAPI document (closed schemas). */

export type Schema = Record<string, unknown>;

/**
 * A copy of a schema in which every object that lists its properties refuses others
 * (`unevaluatedProperties: false`), put where it sees the whole object: at each use of a
 * component ($ref) and on allOf, not inside component roots or allOf members. $refs point into 'doc'.
 */
export function closed(schema: Schema, open = false): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'examples' || key === 'description') continue;
    if (key === '$ref') out.$ref = `doc${value as string}`;
    else if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, closed(v as Schema)]));
    } else if (key === 'allOf') out.allOf = (value as Schema[]).map((v) => closed(v, true));
    else if (key === 'oneOf' || key === 'anyOf') out[key] = (value as Schema[]).map((v) => closed(v));
    else if (key === 'items' && typeof value === 'object') out.items = closed(value as Schema);
    else out[key] = value;
  }
  const closable = out.$ref !== undefined || out.allOf !== undefined || out.properties !== undefined;
  if (!open && closable && out.additionalProperties === undefined) out.unevaluatedProperties = false;
  return out;
}

/**
 * An Ajv (draft 2020-12, formats) holding the document's component schemas as `doc`, each closed
 * at its uses (`closed(schema, true)`), so the `$ref`s of a `closed` answer schema resolve.
 */
export function ajvWithComponents(components: Record<string, unknown>): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const schemas = Object.fromEntries(Object.entries(components).map(([n, s]) => [n, closed(s as Schema, true)]));
  ajv.addSchema({ $id: 'doc', components: { schemas } });
  return ajv;
}
