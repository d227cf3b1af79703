import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The reference: node:http answering every request with the hub's own bytes and headers
 * for the benchmarked query. Usage: bare-server.js <port> <body-file> <etag>
 */
const [port, bodyFile, etag] = process.argv.slice(2);
const body = readFileSync(bodyFile);
createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': body.length,
    etag,
    'cache-control': 'public, max-age=30',
  });
  res.end(body);
}).listen(Number(port), '127.0.0.1');
