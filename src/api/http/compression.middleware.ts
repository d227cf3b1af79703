import compression from 'compression';
import type { Request, Response } from 'express';

/**
 * gzip/deflate/br for bodies over 1 KiB. Event streams are left alone: a compressor buffers,
 * and a Server-Sent Event must reach the client when it is written.
 */
export function compressionMiddleware(): ReturnType<typeof compression> {
  return compression({
    threshold: 1024,
    filter: (req: Request, res: Response) => {
      const accept = req.headers.accept ?? '';
      const type = String(res.getHeader('Content-Type') ?? '');
      if (accept.includes('text/event-stream') || type.startsWith('text/event-stream')) return false;
      return compression.filter(req, res);
    },
  });
}
