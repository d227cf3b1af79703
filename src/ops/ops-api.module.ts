import { Module } from '@nestjs/common';
import { OpsModule } from './ops.module.js';
import { SourcesController } from './sources.controller.js';

@Module({ imports: [OpsModule], controllers: [SourcesController] })
export class OpsApiModule {}
