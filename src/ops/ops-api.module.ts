import { Module } from '@nestjs/common';
import { OpsModule } from './ops.module.js';
import { SourceOutagesController } from './outages/source-outages.controller.js';
import { SourcesController } from './sources.controller.js';

@Module({ imports: [OpsModule], controllers: [SourcesController, SourceOutagesController] })
export class OpsApiModule {}
