/** Every Redis key the hub writes, under the configured prefix (HUB_PREFIX). */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /**
   * Hash: parking id -> stored state JSON. Every writer of this hash must INCR the
   * parkingRevision() of each source it touches in the same MULTI (ingest keeps a per-process
   * copy of a source's states, valid only while that revision is unchanged).
   */
  parkings(): string {
    return `${this.prefix}:parking:state`;
  }
  /** Counter: bumped in the same MULTI as every write of one source's states in parkings(). */
  parkingRevision(sourceId: string): string {
    return `${this.prefix}:parking:revision:${sourceId}`;
  }
  /** Geo set of parking locations. */
  parkingGeo(): string {
    return `${this.prefix}:parking:geo`;
  }
  /** Stream of change events; entry ids are the public cursors. */
  changes(): string {
    return `${this.prefix}:changes`;
  }
  /** Sorted set: lease tokens of the requests running now to one upstream host, by expiry (fleet-wide per-host limit). */
  hostSlots(host: string): string {
    return `${this.prefix}:host:slots:${host}`;
  }
  /** Hash: source id -> health JSON. */
  sourceHealth(): string {
    return `${this.prefix}:source:health`;
  }
  /** List of the latest poll outcomes of one source (newest first, capped). */
  sourcePolls(sourceId: string): string {
    return `${this.prefix}:source:polls:${sourceId}`;
  }
  /** Hash: validators of the last fetch (etag, lastModified, bodyHash) for one source URL. */
  fetchState(sourceId: string, role: string): string {
    return `${this.prefix}:source:fetch:${sourceId}:${role}`;
  }
  /** String: static reference records (JSON) of one source, with their fetch time. */
  staticReference(sourceId: string): string {
    return `${this.prefix}:source:static:${sourceId}`;
  }
  /** Hash: trip key (`tripId|serviceDate`) -> trip prediction JSON, per GTFS-RT source. */
  transitTrips(sourceId: string): string {
    return `${this.prefix}:transit:trips:${sourceId}`;
  }
  /** Hash: trip key -> fingerprint of the last trip update applied (skips unchanged trips); the stored name stays `trip-prints`. */
  transitTripFingerprints(sourceId: string): string {
    return `${this.prefix}:transit:trip-prints:${sourceId}`;
  }
  /** Hash: trip key -> stop ids, for trips not in the timetable (ADDED or unknown), found by stop. */
  transitExtraTrips(sourceId: string): string {
    return `${this.prefix}:transit:extra-trips:${sourceId}`;
  }
  /** Hash: vehicle id -> Vehicle JSON, per GTFS-RT source. */
  transitVehicles(sourceId: string): string {
    return `${this.prefix}:transit:vehicles:${sourceId}`;
  }
  /** Geo set of every vehicle's position. */
  transitVehicleGeo(): string {
    return `${this.prefix}:transit:vehicle-geo`;
  }
  /**
   * Hash: `<trip|vehicle|alert>:<entity id>` -> what a DIFFERENTIAL GTFS-RT feed's entity put in
   * the live state (trip key, vehicle id, alert id) and when it expires, per source (is_deleted and expiry).
   */
  transitRtEntities(sourceId: string): string {
    return `${this.prefix}:transit:rt-entities:${sourceId}`;
  }
  /** Hash: alert id -> Alert JSON, per GTFS-RT source. */
  transitAlerts(sourceId: string): string {
    return `${this.prefix}:transit:alerts:${sourceId}`;
  }
  /** Hash: stop id -> fingerprint of the departures last pushed for it, per static feed; the stored name stays `departure-prints`. */
  transitDepartureFingerprints(feedId: string): string {
    return `${this.prefix}:transit:departure-prints:${feedId}`;
  }
}
