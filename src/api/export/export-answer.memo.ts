import { type ExportAnswer, etagOf } from './export-response.js';

/** A built export is reused this long at most, even when its sources report no change. */
export const EXPORT_MEMO_TTL_MS = 10_000;
/** Entries kept at most (keys come from configured source ids, so this bounds nothing real). */
const MAX_ENTRIES = 256;

interface Entry {
  version: string;
  until: number;
  answer: ExportAnswer;
}

/**
 * Per-process reuse of a built export while its sources have not changed: `version` says what
 * the answer was built from (e.g. each realtime source's last successful poll and last change,
 * which its poll writes after applying the change), so a poll that changed something makes
 * the next request rebuild it. A GTFS-RT export of a large feed costs most of a second to build;
 * a 304 or a repeated read then costs one small Redis read.
 */
export class ExportAnswerMemo {
  private readonly entries = new Map<string, Entry>();

  async get(key: string, version: string, build: () => Promise<ExportAnswer>, now = Date.now()): Promise<ExportAnswer> {
    const held = this.entries.get(key);
    if (held !== undefined && held.version === version && held.until > now) return held.answer;
    const built = await build();
    const answer = { ...built, etag: built.etag ?? etagOf(built.identity) };
    if (!this.entries.has(key) && this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { version, until: now + EXPORT_MEMO_TTL_MS, answer });
    return answer;
  }
}
