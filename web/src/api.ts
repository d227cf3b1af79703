/**
 * REST calls from the page: same origin, the API key (if one was entered) as X-API-Key, errors as
 * ApiError with the hub's code. A 429 is reported with its Retry-After; nothing here retries in a loop.
 */
const KEY_STORE = 'hub.apiKey';

export function apiKey(): string | undefined {
  const key = localStorage.getItem(KEY_STORE);
  return key === null || key === '' ? undefined : key;
}

export function setApiKey(key: string | undefined): void {
  if (key === undefined || key === '') localStorage.removeItem(KEY_STORE);
  else localStorage.setItem(KEY_STORE, key);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function headers(accept = 'application/json'): Record<string, string> {
  const h: Record<string, string> = { Accept: accept };
  const key = apiKey();
  if (key !== undefined) h['X-API-Key'] = key;
  return h;
}

async function failure(res: Response): Promise<ApiError> {
  let code = 'HTTP_' + res.status;
  let message = res.statusText;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // not JSON: keep the status line
  }
  const retry = Number(res.headers.get('Retry-After'));
  return new ApiError(res.status, code, message, Number.isFinite(retry) && retry > 0 ? retry : undefined);
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: headers(), signal });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export interface ListPage<T> {
  data: T[];
  meta: { count: number; next: string | null; generatedAt: string };
}

/** Every page of a list (`meta.next` as `cursor`), at most `maxPages`. */
export async function getAll<T>(path: string, maxPages = 20): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const body: ListPage<T> = await getJson<ListPage<T>>(
      cursor === null ? path : `${path}${sep}cursor=${encodeURIComponent(cursor)}`,
    );
    out.push(...body.data);
    cursor = body.meta.next;
    if (cursor === null) break;
  }
  return out;
}

/** Downloads a CSV with the key header (a plain link cannot send it), as a file. */
export async function downloadCsv(path: string, fileName: string): Promise<void> {
  const res = await fetch(path, { headers: headers('text/csv') });
  if (!res.ok) throw await failure(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
