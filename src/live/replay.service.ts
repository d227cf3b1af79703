import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { CHANGE_STREAM, type ChangeStreamPort, type StreamState } from './change-stream.port.js';
import { type CursorKey, compareCursors, formatCursor, parseCursor } from './cursor.js';
import { ChangeStreamReader } from './change-stream.reader.js';
import { type LiveEvent, toLiveEvent } from './live-event.js';
import { ReplayLog } from './replay-log.js';
import type { SubscriptionEntry } from './subscription-entry.js';

/** How long a resume waits for this process's reader to reach a cursor another process already sent. */
const CATCH_UP_MS = 2_000;

/**
 * Decides whether a client can resume from a cursor and finds the events it missed: from the
 * in-memory log when it covers them, else from the change stream. Undefined = not resumable.
 */
@Injectable()
export class ReplayService {
  constructor(
    @Inject(CHANGE_STREAM) private readonly stream: ChangeStreamPort,
    private readonly reader: ChangeStreamReader,
    private readonly log: ReplayLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The events in (since, upTo] the entry should replay, or undefined when some may be lost. */
  async missed(entry: SubscriptionEntry, since: CursorKey, upTo: CursorKey): Promise<LiveEvent[] | undefined> {
    if (since.ms < Date.now() - this.config.replayWindowMs) return undefined;
    if (compareCursors(since, upTo) > 0) return (await this.catchUp(since)) ? [] : undefined;
    const floor = this.log.floor;
    let older: LiveEvent[] = [];
    if (compareCursors(since, floor) < 0) {
      const fromStream = await this.fromStream(since, floor);
      if (fromStream === undefined) return undefined;
      older = fromStream;
    }
    const recent = this.log.between(compareCursors(since, floor) < 0 ? floor : since, upTo);
    return [...older, ...recent].filter((event) => replays(entry, event));
  }

  /**
   * A cursor ahead of this process's reader was sent by another API process whose reader is a
   * little ahead: wait for ours, unless the cursor is not in the stream at all.
   */
  private async catchUp(since: CursorKey): Promise<boolean> {
    const head = parseCursor((await this.state()).lastId);
    if (head === undefined || compareCursors(since, head) > 0) return false;
    return this.reader.waitFor(since, CATCH_UP_MS);
  }

  private async fromStream(since: CursorKey, upTo: CursorKey): Promise<LiveEvent[] | undefined> {
    if (trimmedAfter(await this.state(), since)) return undefined;
    const events: LiveEvent[] = [];
    for await (const page of this.stream.range(formatCursor(since), formatCursor(upTo))) {
      for (const entry of page) {
        const event = toLiveEvent(entry);
        if (event !== undefined) events.push(event);
      }
    }
    return events;
  }

  private state(): Promise<StreamState> {
    return this.stream.state();
  }
}

/** Whether entries after `since` may have been trimmed away. */
function trimmedAfter(state: StreamState, since: CursorKey): boolean {
  if (state.maxDeletedId !== undefined) {
    const deleted = parseCursor(state.maxDeletedId);
    return deleted !== undefined && compareCursors(deleted, since) > 0;
  }
  // Redis < 7 does not say what was trimmed: only an unbroken stream from `since` on is trusted.
  const first = state.firstId === undefined ? undefined : parseCursor(state.firstId);
  return first !== undefined && compareCursors(first, since) > 0;
}

/** The entry replays an event it matches, unless an earlier subscription of the client delivers it. */
function replays(entry: SubscriptionEntry, event: LiveEvent): boolean {
  if (!entry.matches(event)) return false;
  for (const other of entry.subscriber.entries.values()) {
    if (other.seq < entry.seq && other.covers(event)) return false;
  }
  return true;
}
