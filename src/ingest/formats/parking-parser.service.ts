import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { AppException, ParseException } from '../../common/app-exception.js';
import type { ParkingFormat } from '../../config/source-config.js';
import type { ParkingParseResult } from '../../parking/parking.model.js';
import type { ParseContext } from './parking-format-adapter.js';
import { parkingAdapterFor } from './parking-format.registry.js';
import type { ParseTask } from './parking-parse.worker.js';

/** Payloads at least this large are parsed in a worker thread, so a 20 MB DATEX II file does not stall the event loop. */
export const OFF_THREAD_BYTES = 256 * 1024;

const WORKER_FILE = fileURLToPath(new URL('./parking-parse.worker.js', import.meta.url));

/**
 * Runs the pure format adapters: inline for small payloads, on a small thread pool for large
 * ones. When the code runs from TypeScript sources (jest), there is no compiled worker file and
 * every payload is parsed inline.
 */
@Injectable()
export class ParkingParserService implements OnApplicationShutdown {
  private pool?: Piscina;
  offThreadBytes = OFF_THREAD_BYTES;

  async parse(format: ParkingFormat, bytes: Buffer, ctx: ParseContext): Promise<ParkingParseResult> {
    if (bytes.length < this.offThreadBytes || import.meta.url.endsWith('.ts')) {
      return parkingAdapterFor(format).parse(bytes, ctx);
    }
    this.pool ??= new Piscina({ filename: WORKER_FILE, maxThreads: 2, idleTimeout: 30_000 });
    const copy = new Uint8Array(bytes);
    try {
      return (await this.pool.run({ format, bytes: copy, ctx } satisfies ParseTask, {
        transferList: [copy.buffer],
      })) as ParkingParseResult;
    } catch (error) {
      // Errors cross the thread boundary as plain Errors: restore the coded parse failure.
      if (error instanceof AppException) throw error;
      throw new ParseException((error as Error).message);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.destroy();
  }
}
