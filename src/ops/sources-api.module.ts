import { Module } from '@nestjs/common';
import { SourceHealthModule } from './source-health.module.js';
import { AllOutagesController } from './outages/all-outages.controller.js';
import { SourceOutagesController } from './outages/source-outages.controller.js';
import { SourcesController } from './sources.controller.js';

/** REST reads of source health and outage history (/v1/sources, /v1/sources/:id/outages, /v1/outages); api and all roles. */
@Module({
  imports: [SourceHealthModule],
  controllers: [SourcesController, SourceOutagesController, AllOutagesController],
})
export class SourcesApiModule {}
