import type { Response } from 'express';
import type { LiveEvent } from './live-event.js';
import type { LiveChannel, LiveSink, PushCounter } from './live-subscriber.js';

const frames = new WeakMap<LiveEvent, string>();

/** One SSE message per event, built once however many streams it goes to. */
export function sseFrame(event: LiveEvent): string {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = sseMessage(event.name, event.payload, event.cursor);
    frames.set(event, frame);
  }
  return frame;
}

/** JSON.stringify never emits a raw newline, so `data` is always a single line. */
export function sseMessage(name: string, data: unknown, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class SseChannel implements LiveChannel {
  readonly transport = 'sse';

  constructor(readonly count: PushCounter) {}

  writeMany(event: LiveEvent, sinks: LiveSink[]): void {
    for (const sink of sinks) sink.write(event);
  }
}

export class SseSink implements LiveSink {
  constructor(
    readonly id: string,
    private readonly res: Response,
    readonly channel: SseChannel,
  ) {}

  /** Node's own back-pressure signal: write() returned false and 'drain' has not come yet. */
  congested(): boolean {
    return this.res.writableNeedDrain;
  }

  write(event: LiveEvent): void {
    this.res.write(sseFrame(event));
    this.channel.count('sse', event.name, 1);
  }

  onceDrained(listener: () => void): void {
    this.res.once('drain', listener);
  }
}
