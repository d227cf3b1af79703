import { Injectable } from '@nestjs/common';
import Negotiator from 'negotiator';
import { prepareResponse, type PreparedResponse } from '../../common/http/cached-response.js';
import { ignoredMeta, parseRouteQuery } from '../../common/http/query-parsing.js';
import { TransitQueryService } from '../../transit/transit-query.service.js';
import { type DeparturesQuery, departuresQuery } from '../../transit/transit-queries.js';
import type { ComputedRead, ComputedRequest } from '../http/fast-read/computed-read.js';

/** Live data: clients may cache departures this long. */
export const DEPARTURES_MAX_AGE_S = 5;

const DEPARTURES_PATH = /^\/v1\/stops\/([^/]+)\/departures$/;

/**
 * The answers of GET /v1/stops/:id/departures, for the controller and the fast read path alike
 * (a different stop on every request: nothing to reuse, each is computed). Body and ETag identity
 * are assembled around the departures' JSON, byte for byte JSON.stringify({ data, meta }) and
 * JSON.stringify(departures) (or [departures, hint]) as built before: serialised once, not twice.
 * Never kept: `at` defaults to the clock and headsigns and route names follow Accept-Language.
 */
@Injectable()
export class DeparturesAnswers implements ComputedRead {
  readonly route = '/v1/stops/:id/departures';
  readonly keep = false;
  /** Headsigns and route names follow Accept-Language (translations.txt): caches keep one copy per language. */
  readonly vary = ['Accept-Language'];

  constructor(private readonly transit: TransitQueryService) {}

  async json(
    id: string,
    q: DeparturesQuery,
    ignored: string[],
    languages: readonly string[],
  ): Promise<PreparedResponse> {
    const { departures, hint } = await this.transit.stopDeparturesPage(id, q, languages);
    const data = JSON.stringify(departures);
    const base = {
      count: departures.length,
      next: null,
      generatedAt: new Date().toISOString(),
      ...ignoredMeta(ignored),
    };
    // meta.hint is text, as on the car park lists; hintCode says which (FEED_EXPIRED, FEED_NOT_STARTED).
    const meta = hint === undefined ? base : { ...base, hint: hint.message, hintCode: hint.code };
    const identity = hint === undefined ? data : `[${data},${JSON.stringify(hint)}]`;
    return prepareResponse(identity, `{"data":${data},"meta":${JSON.stringify(meta)}}`, DEPARTURES_MAX_AGE_S);
  }

  /** The router's match of `:id` (no `/` in it), decoded as it decodes it; undefined where it would refuse. */
  match(path: string): Record<string, string> | undefined {
    const m = DEPARTURES_PATH.exec(path);
    if (m === null) return undefined;
    try {
      return { id: decodeURIComponent(m[1]) };
    } catch {
      return undefined;
    }
  }

  /** Throws (a 400) as the controller's parse does. */
  prepare(
    query: Record<string, unknown>,
    _accept: string | undefined,
    request: ComputedRequest,
  ): (() => Promise<PreparedResponse>) | undefined {
    const { params, ignored } = parseRouteQuery(departuresQuery, query);
    const languages = new Negotiator({ headers: request.headers }).languages();
    return () => this.json(request.params.id, params, ignored, languages);
  }
}
