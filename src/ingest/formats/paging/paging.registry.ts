import type { ParkingFormat } from '../../../config/source-config.js';
import { opendatasoftPaging } from '../opendatasoft/opendatasoft-paging.js';
import { parkapiPaging } from '../parkapi/parkapi-paging.js';
import type { PagingRule } from './paging-rule.js';

/** The formats whose publications come in pages; the others are read as one payload. */
const RULES: Partial<Record<ParkingFormat, PagingRule>> = {
  opendatasoft: opendatasoftPaging,
  parkapi: parkapiPaging,
};

export function pagingRuleFor(format: ParkingFormat | undefined): PagingRule | undefined {
  return format === undefined ? undefined : RULES[format];
}
