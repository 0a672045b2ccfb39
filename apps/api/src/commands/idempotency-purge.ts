import { IdempotencyStore } from '@crm/read-store';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

const EVERY_MS = 60 * 60_000;

/**
 * Forgets Idempotency-Key records older than CRM_IDEMPOTENCY_RETENTION_HOURS, at start and hourly,
 * so the shared store does not grow with every request for ever. Every API process may do it: a
 * purge is one idempotent delete. A retry later than the retention runs as a new request.
 */
@Injectable()
export class IdempotencyPurge implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Idempotency');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly keys: IdempotencyStore,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.idempotencyRetentionHours === 0) return;
    void this.purge();
    this.timer = setInterval(() => void this.purge(), EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One purge; a store that fails now is tried again at the next hour. */
  async purge(now = Date.now()): Promise<number> {
    try {
      const purged = await this.keys.purgeOlderThan(new Date(now - this.config.idempotencyRetentionHours * 3_600_000));
      if (purged > 0) this.logger.log(`purged ${purged} idempotency record(s) older than ${this.config.idempotencyRetentionHours} h`);
      return purged;
    } catch (error) {
      this.logger.warn(`idempotency purge failed, retrying in an hour: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    }
  }
}
