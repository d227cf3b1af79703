import { ParseException } from '../../../common/app-exception.js';
import { getPath, isRecord } from '../shared-json/dot-path.util.js';

/**
 * Finds the record list and flattens it to one object per record:
 * - records API v1: `{ nhits, records: [{ recordid, fields, geometry, record_timestamp }] }`;
 * - Explore API v2.0: `{ total_count, records: [{ record: { id, timestamp, fields } }] }`;
 * - Explore API v2.1 `{ total_count, results }` and data-fair lines `{ total, results }`: flat;
 * - a bare array (ODS JSON exports), flat or v1-shaped.
 * `itemsPath` (mapping.items), when set, replaces the detection.
 */
export function extractOpendatasoftRecords(payload: unknown, itemsPath?: string): unknown[] {
  if (itemsPath) return flattenAll(listAt(payload, itemsPath));
  if (Array.isArray(payload)) return flattenAll(payload);
  if (!isRecord(payload)) throw new ParseException('opendatasoft: payload is not a JSON object');
  if (Array.isArray(payload.records)) return flattenAll(payload.records);
  if (Array.isArray(payload.results)) return flattenAll(payload.results);
  throw new ParseException(describeUnknownShape(payload));
}

function listAt(payload: unknown, itemsPath: string): unknown[] {
  const list = getPath(payload, itemsPath);
  if (!Array.isArray(list)) throw new ParseException(`opendatasoft: mapping.items "${itemsPath}" is not a JSON array`);
  return list;
}

function describeUnknownShape(payload: Record<string, unknown>): string {
  const apiError = payload.error ?? payload.message;
  if (typeof apiError === 'string') return `opendatasoft: the portal answered an error: ${apiError}`;
  const keys = Object.keys(payload).slice(0, 8).join(', ');
  return `opendatasoft: no "records" or "results" list in the payload (keys: ${keys})`;
}

function flattenAll(items: unknown[]): unknown[] {
  return items.map(flatten);
}

/** Record fields win over envelope keys of the same name. */
function flatten(item: unknown): unknown {
  if (!isRecord(item)) return item;
  if (isRecord(item.record) && isRecord(item.record.fields)) {
    const { id, timestamp, fields } = item.record;
    return { recordid: id, record_timestamp: timestamp, ...fields };
  }
  if (isRecord(item.fields)) {
    const { fields, ...envelope } = item;
    return { ...envelope, ...fields };
  }
  return item;
}
