import { z } from 'zod';
import { parseByteSize, parseDuration } from '../common/duration.js';
import { parseIdPattern } from '../common/id-pattern.js';
import { type CidrRange, type PrivateNetworkAllowance, parseCidr } from './cidr-range.js';
import { nearestName } from '../common/http/nearest-name.js';
import { CURRENCY_CODE, MAPPING_PRICE_KEYS } from './mapping-detail-keys.js';
import { HEIGHT_UNITS, MAPPING_KEYS, PARKING_FORMATS } from './source-config.js';
import { pushModeProblems, SOURCE_MODES } from './push-source.rules.js';
import { authField, crsField, requestField, timeZoneField, tlsField } from './fetch-source.rules.js';

const durationField = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `not a duration: "${value}" (use 500ms, 15s, 5m, 24h)` });
    return z.NEVER;
  }
  return ms;
});

const sizeField = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const bytes = parseByteSize(value);
  if (bytes === null || bytes <= 0) {
    ctx.addIssue({ code: 'custom', message: `not a size: "${value}" (use 512KB, 20MB)` });
    return z.NEVER;
  }
  return bytes;
});

/** `true`, `false` or a list of CIDRs; each CIDR is parsed here, once, and a bad one named with its position. */
const privateNetworkField = z.unknown().transform((value, ctx): PrivateNetworkAllowance => {
  if (typeof value === 'boolean') return value;
  if (!Array.isArray(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `must be true, false or a list of CIDRs such as [10.0.0.0/8, "fd00::/8"], not ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  const ranges: CidrRange[] = [];
  value.forEach((entry: unknown, index) => {
    const parsed = typeof entry === 'string' ? parseCidr(entry) : { error: `not a CIDR: ${JSON.stringify(entry)}` };
    if ('error' in parsed) ctx.addIssue({ code: 'custom', path: [index], message: parsed.error });
    else ranges.push(parsed);
  });
  return ranges.length === value.length ? ranges : z.NEVER;
});

/** An http(s) URL or a local file path (relative paths are resolved against the sources file). */
const urlField = z
  .string()
  .min(1)
  .refine((value) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^(https?|file):\/\//i.test(value), {
    message: 'only http(s) URLs or local file paths',
  });

const statusValues = z
  .object({
    open: z.array(z.string()).optional(),
    closed: z.array(z.string()).optional(),
    full: z.array(z.string()).optional(),
    unknown: z.array(z.string()).optional(),
  })
  .strict();

const fetchFields = {
  url: urlField,
  timeout: durationField.default(10_000),
  maxBytes: sizeField.default(20 * 1024 * 1024),
  headers: z.record(z.string(), z.string()).default({}),
  allowPrivateNetwork: privateNetworkField.default(false),
};

const baseFields = {
  id: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and "-" only')
    .max(64),
  interval: durationField.refine((ms) => ms >= 500, 'at least 500ms'),
  enabled: z.boolean().default(true),
  staleAfter: durationField.optional(),
};

const parkingFormat = z.enum(PARKING_FORMATS);

/** A regex with one capture group, checked here so a bad one is a config error naming `idPattern`. */
const idPatternField = z.string().superRefine((value, ctx) => {
  const parsed = parseIdPattern(value);
  if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
});
/**
 * Paths (columns) by key; an unknown key is a load error naming the key it is most likely a typo
 * of (`opneingHours`), `maxHeightUnit` must be `cm` or `m`, and the price keys (`price1h`...) need
 * `priceCurrency`, an ISO 4217 code.
 */
const mapping = z.record(z.string(), z.string()).superRefine((value, ctx) => {
  for (const [key, path] of Object.entries(value)) {
    if (!(MAPPING_KEYS as readonly string[]).includes(key)) {
      const meant = nearestName(key, MAPPING_KEYS);
      const hint = meant === undefined ? `known keys: ${MAPPING_KEYS.join(', ')}` : `did you mean ${meant}?`;
      ctx.addIssue({ code: 'custom', path: [key], message: `unknown mapping key; ${hint}` });
    } else if (key === 'maxHeightUnit' && !(HEIGHT_UNITS as readonly string[]).includes(path.trim())) {
      ctx.addIssue({ code: 'custom', path: [key], message: `must be cm or m, not "${path}"` });
    } else if (key === 'priceCurrency' && !CURRENCY_CODE.test(path.trim())) {
      ctx.addIssue({ code: 'custom', path: [key], message: `must be an ISO 4217 code (EUR), not "${path}"` });
    }
  }
  const price = MAPPING_PRICE_KEYS.find((key) => value[key]?.trim());
  if (price !== undefined && !value.priceCurrency?.trim()) {
    ctx.addIssue({ code: 'custom', path: ['priceCurrency'], message: `required with ${price} (an ISO 4217 code)` });
  }
});
/** Formats read only through `mapping:`, whose `id` they cannot do without. */
const MAPPED_FORMATS: ReadonlySet<unknown> = new Set(['json-mapping', 'csv-mapping']);

export const parkingSourceSchema = z
  .object({
    ...baseFields,
    ...fetchFields,
    // Required by mode (push-source.rules.ts): a poll needs url and interval, a push has no url.
    url: urlField.optional(),
    interval: baseFields.interval.optional(),
    mode: z.enum(SOURCE_MODES).default('poll'),
    pushToken: z.string().optional(),
    pushPerMinute: z.number().int().min(1).max(6_000).optional(),
    kind: z.literal('parking'),
    format: parkingFormat,
    mapping: mapping.optional(),
    statusValues: statusValues.optional(),
    options: z.record(z.string(), z.unknown()).optional(),
    timestamps: z.enum(['observation', 'change']).optional(),
    timeZone: timeZoneField.optional(),
    crs: crsField.optional(),
    request: requestField.optional(),
    auth: authField.optional(),
    tls: tlsField.optional(),
    idPattern: idPatternField.optional(),
    static: z
      .object({
        ...fetchFields,
        // Unset: taken from the source (sources.loader.ts, docs/interface.md § static).
        headers: fetchFields.headers.removeDefault().optional(),
        allowPrivateNetwork: privateNetworkField.optional(),
        format: parkingFormat,
        interval: durationField.default(86_400_000),
        mapping: mapping.optional(),
        statusValues: statusValues.optional(),
        options: z.record(z.string(), z.unknown()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((s) => !MAPPED_FORMATS.has(s.format) || s.mapping?.id !== undefined, {
    message: 'json-mapping and csv-mapping need mapping.id',
    path: ['mapping', 'id'],
    // Checked even when other fields are bad, so that a source reports all its errors at once.
    when: (payload) => {
      const v = payload.value as { format?: unknown; mapping?: unknown } | null;
      return MAPPED_FORMATS.has(v?.format) && (v?.mapping === undefined || typeof v.mapping === 'object');
    },
  })
  .superRefine((s, ctx) => {
    for (const problem of pushModeProblems(s)) ctx.addIssue({ code: 'custom', ...problem });
  });

// GTFS and GTFS-RT: `request` (POST with a body), `auth` and `tls` as parking sources (issue #15).
export const gtfsSourceSchema = z
  .object({
    ...baseFields,
    ...fetchFields,
    kind: z.literal('gtfs'),
    request: requestField.optional(),
    auth: authField.optional(),
    tls: tlsField.optional(),
  })
  .strict();

// A URL object may ask with its own `request` (in place of the source's); auth and tls are the source's.
const rtUrl = z.union([urlField, z.object({ ...fetchFields, request: requestField.optional() }).strict()]);

export const gtfsRtSourceSchema = z
  .object({
    ...baseFields,
    kind: z.literal('gtfs-rt'),
    feed: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    expireAfter: durationField.optional(),
    urls: z
      .object({ tripUpdates: rtUrl.optional(), vehiclePositions: rtUrl.optional(), alerts: rtUrl.optional() })
      .strict()
      .refine(
        (u) => Object.values(u).some((v) => v !== undefined),
        'at least one of tripUpdates, vehiclePositions, alerts',
      ),
    timeout: fetchFields.timeout,
    maxBytes: fetchFields.maxBytes,
    headers: fetchFields.headers,
    allowPrivateNetwork: fetchFields.allowPrivateNetwork,
    // For every URL of the source, as a string or an object (sources.loader.ts).
    request: requestField.optional(),
    auth: authField.optional(),
    tls: tlsField.optional(),
  })
  .strict();

/** The fields every kind shares, checked on a source whose `kind` is missing or unknown (so all its errors show at once). */
export const commonSourceSchema = z.object({
  id: baseFields.id,
  interval: baseFields.interval,
  url: urlField.optional(),
});

export const KIND_SCHEMAS = {
  parking: parkingSourceSchema,
  gtfs: gtfsSourceSchema,
  'gtfs-rt': gtfsRtSourceSchema,
} as const;
