/** Set by the transport from the URL; letting a source override it would decouple Host from the checked address. */
const TRANSPORT_OWNED = new Set(['host']);

export interface HeaderInputs {
  userAgent: string;
  callerHeaders?: Record<string, string>;
  etag?: string;
  lastModified?: string;
}

/** Case-insensitive assignment: the last writer wins whatever casing each side used. */
function assign(headers: Record<string, string>, name: string, value: string): void {
  for (const existing of Object.keys(headers)) {
    if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
  }
  headers[name] = value;
}

/** Defaults first, then the source's own headers, then the conditional-GET validators. */
export function buildRequestHeaders(inputs: HeaderInputs): Record<string, string> {
  const headers: Record<string, string> = {
    'User-Agent': inputs.userAgent,
    Accept: '*/*',
    'Accept-Encoding': 'gzip, br, deflate',
  };
  for (const [name, value] of Object.entries(inputs.callerHeaders ?? {})) {
    if (!TRANSPORT_OWNED.has(name.toLowerCase())) assign(headers, name, value);
  }
  if (inputs.etag !== undefined) assign(headers, 'If-None-Match', inputs.etag);
  if (inputs.lastModified !== undefined) assign(headers, 'If-Modified-Since', inputs.lastModified);
  return headers;
}
