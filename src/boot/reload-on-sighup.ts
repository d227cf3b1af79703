import type { Logger } from '@nestjs/common';
import type { SourceRegistry } from '../config/source-registry.service.js';

/** SIGHUP re-reads sources.yaml and re-schedules without a restart. Returns the uninstaller. */
export function reloadOnSighup(registry: SourceRegistry, logger: Logger): () => void {
  const onHup = (): void => {
    logger.log('SIGHUP: reloading sources');
    registry.reload().catch((error: unknown) => logger.error(`reload failed: ${(error as Error).message}`));
  };
  process.on('SIGHUP', onHup);
  return () => process.off('SIGHUP', onHup);
}
