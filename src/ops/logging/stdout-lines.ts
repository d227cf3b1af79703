import { pino, type DestinationStream } from 'pino';

/** What the JSON logger writes to, with pino's flushes passed through. */
export interface LineSink extends DestinationStream {
  write(line: string): void;
  flush(callback: (error?: Error) => void): void;
  flushSync(): void;
}

/**
 * Where JSON log lines go: a file descriptor (stdout by default) through pino's own asynchronous
 * destination (sonic-boom), so lines written while a write is under way go out together (one write
 * per batch, not per line), and pino flushes what is left synchronously on process exit (the lines
 * written just before process.exit are not lost). It is fed each line as bytes: fed text, sonic-boom
 * measures the UTF-8 length of the whole pending batch again on every line (at thousands of
 * access-log lines a second, 3% of the hub's CPU on repeated held reads); fed bytes, it adds the
 * line's length.
 */
export function fileLines(fd = 1): LineSink {
  const boom = pino.destination({ dest: fd, sync: false, contentMode: 'buffer' });
  // sonic-boom's typings take strings; in buffer mode it takes (and needs) Buffers.
  const writeBytes = (bytes: Buffer): boolean => (boom.write as unknown as (data: Buffer) => boolean)(bytes);
  return {
    write: (line: string) => {
      writeBytes(Buffer.from(line, 'utf8'));
    },
    flush: (callback) => boom.flush(callback),
    flushSync: () => boom.flushSync(),
  };
}
