/** Quality flags attached to a Parking instead of silent fixes (README lists their meaning). */
export enum QualityFlag {
  FreeNegativeRejected = 'free-negative-rejected',
  FreeOverCapacityClamped = 'free-over-capacity-clamped',
  ClosedWithFree = 'closed-with-free',
  Duplicate = 'duplicate-id',
  ClockSkew = 'clock-skew-corrected',
  Frozen = 'frozen',
  MissingName = 'missing-name',
  MissingLocation = 'missing-location',
  MissingCapacity = 'missing-capacity',
  NoRealtime = 'no-realtime',
  /** A count or position out of range (1e300, NaN, -5, lat 95) was dropped; the rest of the record is kept. */
  ValueOutOfRange = 'value-out-of-range',
  /** Observed more than a day ahead (after the skew correction) or before the history retention: not in history. */
  ObservedAtOutOfRange = 'observed-at-out-of-range',
}
