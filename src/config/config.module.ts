import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './app-config.js';
import { SourceRegistry } from './source-registry.service.js';
import { APP_CONFIG, SOURCE_VARS } from './tokens.js';

@Global()
@Module({})
export class ConfigModule {
  /** `vars` are the values ${NAME} in sources.yaml may use: the environment plus what boot adds (HUB_DEMO_URL). */
  static forRoot(config: AppConfig, vars: Record<string, string | undefined>): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: SOURCE_VARS, useValue: vars }, SourceRegistry],
      exports: [APP_CONFIG, SourceRegistry],
    };
  }
}
