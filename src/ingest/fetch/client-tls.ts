import { readFile } from 'node:fs/promises';
import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { TlsFiles } from '../../config/source-config.js';
import type { TlsMaterial } from '../../infra/http/source-fetcher.js';

/**
 * The client certificate's PEM files, read at each fetch (checked readable at load,
 * config/fetch-source.rules.ts): a renewed certificate is used without a reload. A file gone since
 * is TLS_CLIENT_CERT, permanent, naming the file (never its content).
 */
export async function readClientTls(files: TlsFiles | undefined): Promise<TlsMaterial | undefined> {
  if (files === undefined) return undefined;
  const read = async (file: string, field: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new AppException(
        ErrorCode.TLS_CLIENT_CERT,
        `cannot read tls.${field} ${file}: ${(error as Error).message}`,
        {
          transient: false,
        },
      );
    }
  };
  const [cert, key, ca] = await Promise.all([
    read(files.cert, 'cert'),
    read(files.key, 'key'),
    files.ca === undefined ? undefined : read(files.ca, 'ca'),
  ]);
  return { cert, key, ...(ca === undefined ? {} : { ca }) };
}
