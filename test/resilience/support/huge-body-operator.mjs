// An operator that can serve a 200 MB body, run as its own process so writing it does not share the
// event loop (and CPU time) of the in-process hub that reads it, as a real operator would not:
// `node huge-body-operator.mjs`, then IPC messages. Reports {type:'ready', url}. {type:'good', body}
// makes it serve `body` (application/json); {type:'huge'} makes it stream 200 MB of spaces after
// '{"items":[' with no Content-Length (only the bytes read can stop it), from one reused 64 KB chunk
// as the socket drains, and stop when the client hangs up. After each huge response it reports
// {type:'sent', bytes} (what it wrote before the client hung up).
import { createServer } from 'node:http';

const MB = 1024 * 1024;
const TOTAL = 200 * MB;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);
let mode = 'good';
let good = '{}';

process.on('message', (message) => {
  if (message.type === 'good') {
    mode = 'good';
    good = message.body;
  } else if (message.type === 'huge') mode = 'huge';
});
process.on('disconnect', () => process.exit(0));

const server = createServer((_req, res) => {
  if (mode === 'good') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(good);
    return;
  }
  let sent = 0;
  res.once('close', () => process.send?.({ type: 'sent', bytes: sent }));
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"items":[');
  const pump = () => {
    while (sent < TOTAL && !res.destroyed) {
      sent += CHUNK.length;
      if (!res.write(CHUNK)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end(']}');
  };
  pump();
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${server.address().port}/feed` });
});
