import { z } from 'zod';
import { isTimeZoneName } from '../common/wall-time.js';

/**
 * Keys of a parking source about how its operator serves it (issue #15): the time zone of its
 * offset-less times. Checked at load, each bad one a config error naming its field.
 */
export const timeZoneField = z.string().superRefine((value, ctx) => {
  if (!isTimeZoneName(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `not an IANA time zone: ${JSON.stringify(value)} (use a name such as Europe/Paris or UTC)`,
    });
  }
});
