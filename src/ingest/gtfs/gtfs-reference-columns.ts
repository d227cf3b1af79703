/**
 * The columns the GTFS Schedule reference (gtfs.org/documentation/schedule/reference) defines for
 * each file the hub imports, read or not. A header name outside this list is no GTFS column: a
 * typo (`stop_lattitude`) or a producer's extension; the import says so instead of ignoring it.
 */
export const GTFS_REFERENCE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  'agency.txt': [
    'agency_id',
    'agency_name',
    'agency_url',
    'agency_timezone',
    'agency_lang',
    'agency_phone',
    'agency_fare_url',
    'agency_email',
    'cemv_support',
  ],
  'stops.txt': [
    'stop_id',
    'stop_code',
    'stop_name',
    'tts_stop_name',
    'stop_desc',
    'stop_lat',
    'stop_lon',
    'zone_id',
    'stop_url',
    'location_type',
    'parent_station',
    'stop_timezone',
    'wheelchair_boarding',
    'level_id',
    'platform_code',
    'stop_access',
  ],
  'routes.txt': [
    'route_id',
    'agency_id',
    'route_short_name',
    'route_long_name',
    'route_desc',
    'route_type',
    'route_url',
    'route_color',
    'route_text_color',
    'route_sort_order',
    'continuous_pickup',
    'continuous_drop_off',
    'network_id',
    'cemv_support',
  ],
  'trips.txt': [
    'route_id',
    'service_id',
    'trip_id',
    'trip_headsign',
    'trip_short_name',
    'direction_id',
    'block_id',
    'shape_id',
    'wheelchair_accessible',
    'bikes_allowed',
    'cars_allowed',
  ],
  'stop_times.txt': [
    'trip_id',
    'arrival_time',
    'departure_time',
    'stop_id',
    'location_group_id',
    'location_id',
    'stop_sequence',
    'stop_headsign',
    'start_pickup_drop_off_window',
    'end_pickup_drop_off_window',
    'pickup_type',
    'drop_off_type',
    'continuous_pickup',
    'continuous_drop_off',
    'shape_dist_traveled',
    'timepoint',
    'pickup_booking_rule_id',
    'drop_off_booking_rule_id',
  ],
  'calendar.txt': [
    'service_id',
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'start_date',
    'end_date',
  ],
  'calendar_dates.txt': ['service_id', 'date', 'exception_type'],
  'frequencies.txt': ['trip_id', 'start_time', 'end_time', 'headway_secs', 'exact_times'],
  'translations.txt': [
    'table_name',
    'field_name',
    'language',
    'translation',
    'record_id',
    'record_sub_id',
    'field_value',
  ],
  'shapes.txt': ['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence', 'shape_dist_traveled'],
};

/** Header names of `file` that the GTFS reference does not define (trimmed, empty ones left out), each once. */
export function unknownColumns(file: string, header: readonly string[]): string[] {
  const known = GTFS_REFERENCE_COLUMNS[file];
  if (known === undefined) return [];
  const seen = new Set<string>();
  for (const raw of header) {
    const name = raw.trim();
    if (name !== '' && !known.includes(name)) seen.add(name);
  }
  return [...seen];
}
