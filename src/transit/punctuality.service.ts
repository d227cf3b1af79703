import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import {
  PUNCTUALITY_READER,
  type PunctualityGroup,
  type PunctualityReaderPort,
  type PunctualityScope,
} from './ports/punctuality-read.port.js';
import { TIMETABLE, type FeedVersion, type TimetablePort } from './ports/timetable.port.js';
import { punctualityRange, type PunctualityQuery } from './punctuality.query.js';
import { splitId } from './transit.model.js';

export interface HourPunctuality {
  hour: number;
  observations: number;
  onTimeShare: number | null;
  p50: number | null;
  p90: number | null;
}

/** The `data` of GET /v1/routes/:id/punctuality and /v1/stops/:id/punctuality (docs/interface.md). */
export interface Punctuality {
  routeId?: string;
  stopId?: string;
  from: string;
  to: string;
  timezone: string;
  earlyTolerance: number;
  lateTolerance: number;
  observations: number;
  onTime: number;
  early: number;
  late: number;
  onTimeShare: number | null;
  delay: { p50: number | null; p90: number | null; p95: number | null };
  byHour: HourPunctuality[];
}

const NO_CALLS: PunctualityGroup = { observations: 0, early: 0, late: 0, p50: null, p90: null, p95: null };

function onTimeShare(g: PunctualityGroup): number | null {
  return g.observations === 0 ? null : (g.observations - g.early - g.late) / g.observations;
}

/** Punctuality of a route or a stop (a station: its platforms too) from the delay history. */
@Injectable()
export class PunctualityService {
  constructor(
    @Inject(TIMETABLE) private readonly timetable: TimetablePort,
    @Inject(PUNCTUALITY_READER) private readonly reader: PunctualityReaderPort,
  ) {}

  async forRoute(id: string, q: PunctualityQuery, now = new Date()): Promise<Punctuality> {
    const range = punctualityRange(q, now);
    const { version, localId } = await this.versionOf(id, 'route');
    if ((await this.timetable.route(version, localId)) === undefined) notFound('route', id);
    const scope: PunctualityScope = {
      kind: 'route',
      feedId: version.feedId,
      versionId: version.versionId,
      routeId: localId,
    };
    return { routeId: id, ...(await this.read(scope, version, range, q)) };
  }

  async forStop(id: string, q: PunctualityQuery, now = new Date()): Promise<Punctuality> {
    const range = punctualityRange(q, now);
    const { version, localId } = await this.versionOf(id, 'stop');
    if ((await this.timetable.stop(version, localId)) === undefined) notFound('stop', id);
    const stopIds = await this.timetable.stopFamily(version, localId);
    return { stopId: id, ...(await this.read({ kind: 'stops', feedId: version.feedId, stopIds }, version, range, q)) };
  }

  private async versionOf(id: string, what: string): Promise<{ version: FeedVersion; localId: string }> {
    const parts = splitId(id);
    const version = parts === undefined ? undefined : await this.timetable.currentVersion(parts.source);
    if (version === undefined || parts === undefined) notFound(what, id);
    return { version, localId: parts.localId };
  }

  private async read(
    scope: PunctualityScope,
    version: FeedVersion,
    range: { from: Date; to: Date },
    q: PunctualityQuery,
  ): Promise<Omit<Punctuality, 'routeId' | 'stopId'>> {
    const timezone = q.tz ?? version.timezone;
    const stats = await this.reader.punctuality({
      scope,
      ...range,
      timezone,
      earlyToleranceS: q.earlyTolerance,
      lateToleranceS: q.lateTolerance,
    });
    const all = stats.overall;
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      timezone,
      earlyTolerance: q.earlyTolerance,
      lateTolerance: q.lateTolerance,
      observations: all.observations,
      onTime: all.observations - all.early - all.late,
      early: all.early,
      late: all.late,
      onTimeShare: onTimeShare(all),
      delay: { p50: all.p50, p90: all.p90, p95: all.p95 },
      byHour: Array.from({ length: 24 }, (_, hour) => {
        const g = stats.byHour.get(hour) ?? NO_CALLS;
        return { hour, observations: g.observations, onTimeShare: onTimeShare(g), p50: g.p50, p90: g.p90 };
      }),
    };
  }
}

function notFound(what: string, id: string): never {
  throw new AppException(ErrorCode.NOT_FOUND, `no ${what} with id "${id}"`);
}
