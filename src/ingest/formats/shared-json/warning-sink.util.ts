import type { ParseWarning } from '../../../parking/parking.model.js';

/**
 * Collects parse warnings. `once` drops repeats of the same key so that one bad
 * value repeated across hundreds of records yields one warning, not hundreds.
 */
export class WarningSink {
  readonly warnings: ParseWarning[] = [];
  private readonly seen = new Set<string>();

  add(warning: ParseWarning): void {
    this.warnings.push(warning);
  }

  once(key: string, warning: ParseWarning): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.warnings.push(warning);
  }
}
