/** Every Redis key the hub writes, under the configured prefix (HUB_PREFIX). */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** Hash: parking id -> stored state JSON. */
  parkings(): string {
    return `${this.prefix}:parking:state`;
  }
  /** Geo set of parking locations. */
  parkingGeo(): string {
    return `${this.prefix}:parking:geo`;
  }
  /** Stream of change events; entry ids are the public cursors. */
  changes(): string {
    return `${this.prefix}:changes`;
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
}
