/** A small operator payload in a json-mapping shape, for pipeline tests. */
export function jsonFeed(free: Record<string, number>, observedAt = '2025-06-01T10:00:00Z'): string {
  return JSON.stringify({
    items: Object.entries(free).map(([id, value], i) => ({
      id,
      name: `Parking ${id}`,
      lat: 46.58 + i * 0.001,
      lon: 0.34 + i * 0.001,
      free: value,
      total: 100,
      ts: observedAt,
    })),
  });
}

export function jsonFeedSource(id: string, url: string, interval = '24h'): string {
  return `
  - id: ${id}
    kind: parking
    format: json-mapping
    url: ${url}
    interval: ${interval}
    allowPrivateNetwork: true
    mapping: { items: items, id: id, name: name, lat: lat, lon: lon, free: free, capacity: total, observedAt: ts }
`;
}
