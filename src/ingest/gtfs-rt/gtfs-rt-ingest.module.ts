import { Module } from '@nestjs/common';
import { TransitModule } from '../../transit/transit.module.js';
import { ParkingIngestModule } from '../parking/parking-ingest.module.js';
import { AlertsProcessor } from '../../transit/realtime/alerts.processor.js';
import { DepartureEventsService } from '../../transit/realtime/departure-events.service.js';
import { GtfsRtIngestService } from './gtfs-rt-ingest.service.js';
import { RtDecoderService } from '../formats/gtfs-rt/gtfs-rt-decoder.service.js';
import { DifferentialFeeds } from '../../transit/realtime/differential-feeds.js';
import { TripUpdatesProcessor } from '../../transit/realtime/trip-updates.processor.js';
import { VehiclesProcessor } from '../../transit/realtime/vehicles.processor.js';

/** GTFS-Realtime: decode (worker thread), trip predictions, vehicles, alerts, departures events. */
@Module({
  imports: [ParkingIngestModule, TransitModule],
  providers: [
    RtDecoderService,
    TripUpdatesProcessor,
    DifferentialFeeds,
    VehiclesProcessor,
    AlertsProcessor,
    DepartureEventsService,
    GtfsRtIngestService,
  ],
  exports: [GtfsRtIngestService, RtDecoderService],
})
export class GtfsRtIngestModule {}
