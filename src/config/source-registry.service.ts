import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from './app-config.js';
import type { SourceConfig, SourceConfigError } from './source-config.js';
import { loadSourcesFile } from './sources.loader.js';
import { APP_CONFIG, SOURCE_VARS } from './tokens.js';

export type SourcesListener = (sources: SourceConfig[]) => Promise<void>;

/** Holds the sources currently configured; reload() re-reads the file (SIGHUP, admin endpoint). */
@Injectable()
export class SourceRegistry {
  private readonly logger = new Logger('Sources');
  private current: SourceConfig[] = [];
  private lastErrors: SourceConfigError[] = [];
  private substitutedVars: string[] = [];
  private readonly listeners: SourcesListener[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SOURCE_VARS) private readonly vars: Record<string, string | undefined>,
  ) {
    this.load();
  }

  all(): SourceConfig[] {
    return this.current;
  }

  get(id: string): SourceConfig | undefined {
    return this.current.find((s) => s.id === id);
  }

  errors(): SourceConfigError[] {
    return this.lastErrors;
  }

  /**
   * Values sources.yaml took from ${ENV} (API keys in headers or URLs): the logger hides them.
   * The hub's own HUB_* variables (HUB_DEMO_URL) are not secrets and stay readable.
   */
  substitutedValues(): string[] {
    return this.substitutedVars
      .filter((name) => !name.startsWith('HUB_'))
      .map((name) => this.vars[name])
      .filter((v): v is string => v !== undefined);
  }

  onChange(listener: SourcesListener): void {
    this.listeners.push(listener);
  }

  /** Re-reads the file; keeps the previous list when the file as a whole is unreadable. */
  async reload(): Promise<{ sources: string[]; errors: SourceConfigError[] }> {
    this.load();
    for (const listener of this.listeners) await listener(this.current);
    return { sources: this.current.map((s) => s.id), errors: this.lastErrors };
  }

  private load(): void {
    try {
      const { sources, errors, substitutedVars } = loadSourcesFile(this.config.sourcesPath, this.vars);
      this.current = sources;
      this.substitutedVars = substitutedVars;
      this.lastErrors = errors;
      for (const line of errorLines(errors)) this.logger.error(line);
      this.logger.log(
        `${sources.length} source(s) from ${this.config.sourcesPath}: ${sources.map((s) => s.id).join(', ')}`,
      );
    } catch (error) {
      // The file as a whole is bad: the sources loaded before keep running (main.ts refuses to boot on it).
      const message = (error as Error).message;
      this.logger.error(`${message}; keeping ${this.current.length} source(s) loaded before`);
      const fileError = { sourceId: '(file)', field: '(file)', message };
      this.lastErrors = [fileError, ...this.lastErrors.filter((e) => e.sourceId !== '(file)')];
    }
  }
}

/** One log line per bad source, with all its bad fields. */
function errorLines(errors: SourceConfigError[]): string[] {
  const bySource = new Map<string, string[]>();
  for (const e of errors) bySource.set(e.sourceId, [...(bySource.get(e.sourceId) ?? []), `${e.field}: ${e.message}`]);
  return [...bySource].map(([id, fields]) => `source ${id} skipped: ${fields.join('; ')}`);
}
