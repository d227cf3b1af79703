/** English week-day names as DATEX II and SIRI spell them (lower case) → OSM opening_hours days. */
export const OSM_WEEK_DAYS: Readonly<Record<string, string>> = {
  monday: 'Mo',
  tuesday: 'Tu',
  wednesday: 'We',
  thursday: 'Th',
  friday: 'Fr',
  saturday: 'Sa',
  sunday: 'Su',
};
