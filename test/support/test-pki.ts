import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';

/** Throwaway certificates made with openssl for operators that want a client certificate (issue #15). */

const openssl = (dir: string, args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
const ecKey = (dir: string, name: string) =>
  openssl(dir, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', name]);
const signByCa = (dir: string, name: string, ext?: string) =>
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    `${name}.pem`,
    '-days',
    '2',
    ...(ext === undefined ? [] : ['-extfile', ext]),
  ]);

/**
 * Writes into `dir` a CA (ca.key, ca.pem, subject CN=`caName`), and signed by it a server certificate for
 * 127.0.0.1 (server.key, server.pem) and a client certificate CN=mobility-hub (client.key, client.pem); two days.
 */
export function writeTestPki(dir: string, caName: string): void {
  ecKey(dir, 'ca.key');
  openssl(dir, ['req', '-x509', '-new', '-key', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', `/CN=${caName}`]);
  for (const [name, subject] of [
    ['server', '/CN=127.0.0.1'],
    ['client', '/CN=mobility-hub'],
  ]) {
    ecKey(dir, `${name}.key`);
    openssl(dir, ['req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
  }
  writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  signByCa(dir, 'server', 'server.ext');
  signByCa(dir, 'client');
}

/** Writes into `dir` a self-signed certificate no CA vouches for: `name`.key, `name`.pem, subject CN=`cn`. */
export function writeSelfSigned(dir: string, name: string, cn: string): void {
  ecKey(dir, `${name}.key`);
  openssl(dir, [
    'req',
    '-x509',
    '-new',
    '-key',
    `${name}.key`,
    '-out',
    `${name}.pem`,
    '-days',
    '2',
    '-subj',
    `/CN=${cn}`,
  ]);
}

/** An HTTPS operator on loopback that wants a client certificate. */
export interface MtlsOperator {
  url: string;
  /** The CN of each client certificate it was shown, one per request. */
  peers: string[];
  close(): Promise<void>;
}

/**
 * Serves `urlPath` over HTTPS on 127.0.0.1 with the server certificate of `dir` (see writeTestPki), refusing any
 * client without a certificate signed by its CA; each request is `answer`ed.
 */
export async function startMtlsOperator(
  dir: string,
  urlPath: string,
  answer: (res: ServerResponse) => void,
): Promise<MtlsOperator> {
  const peers: string[] = [];
  const server = createServer(
    {
      key: readFileSync(path.join(dir, 'server.key')),
      cert: readFileSync(path.join(dir, 'server.pem')),
      ca: readFileSync(path.join(dir, 'ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      peers.push(String((req.socket as TLSSocket).getPeerCertificate().subject.CN));
      answer(res);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}${urlPath}`,
    peers,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
