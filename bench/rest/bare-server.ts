import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The reference: node:http answering every request with the hub's own bytes for the benchmarked
 * query. Usage: `bare-server.js <port> <body-file> etag <etag>` sends the body with four headers
 * (content type and length, ETag, Cache-Control); `bare-server.js <port> <body-file> headers
 * <headers-file>` sends the body with every header of one hub answer (a JSON [name, value, ...]
 * list as received, without the Date, Connection, Keep-Alive and Content-Length node:http writes
 * itself): the same bytes on the wire, headers included, with that answer's fixed values.
 */
const [port, bodyFile, mode, value] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const headers: Array<string | number> =
  mode === 'headers'
    ? [...(JSON.parse(readFileSync(value, 'utf8')) as string[]), 'Content-Length', body.length]
    : [
        'content-type',
        'application/json; charset=utf-8',
        'content-length',
        body.length,
        'etag',
        value,
        'cache-control',
        'public, max-age=30',
      ];
createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
}).listen(Number(port), '127.0.0.1');
