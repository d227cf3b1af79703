import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalOperator } from './local-operator.js';

/** What an operator behind OAuth2 client credentials was asked, and the tokens it honours. */
export interface OAuth2Operator {
  /** Each request to /token: its Authorization header and form body. */
  tokenRequests: Array<{ authorization?: string; body: string }>;
  /** Each other request, before its Bearer token is checked: URL and Authorization header. */
  feedRequests: Array<{ url?: string; authorization?: string }>;
  /** The tokens still good; clear it to revoke them all. */
  valid: Set<string>;
}

/**
 * Makes `operator` an OAuth2 client-credentials access point (issue #15): /token with HTTP Basic
 * `clientId:secret` issues tok-1, tok-2, … (`tokenType`, an hour), any other client gets 401 invalid_client;
 * any other request is 401 without a Bearer token it issued and still honours, and `serve`d with one.
 */
export function serveBehindOAuth2(
  operator: LocalOperator,
  client: { clientId: string; secret: string; tokenType: string },
  serve: (req: IncomingMessage, res: ServerResponse) => void,
): OAuth2Operator {
  const seen: OAuth2Operator = { tokenRequests: [], feedRequests: [], valid: new Set() };
  const basic = `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`;
  let issued = 0;
  operator.handle((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/token') {
        seen.tokenRequests.push({ authorization: req.headers.authorization, body: Buffer.concat(chunks).toString() });
        if (req.headers.authorization !== basic) {
          return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
        }
        const token = `tok-${++issued}`;
        seen.valid.add(token);
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ access_token: token, token_type: client.tokenType, expires_in: 3600 }));
      }
      seen.feedRequests.push({ url: req.url, authorization: req.headers.authorization });
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (bearer === undefined || !seen.valid.has(bearer)) return void res.writeHead(401).end();
      serve(req, res);
    });
  });
  return seen;
}
