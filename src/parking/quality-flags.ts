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
}
