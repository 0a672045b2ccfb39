import { CommandService, detectDormancy } from '@crm/application';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { SealedEventStore } from '../infrastructure/personal-data.factory';

const INTERVAL_NAME = 'dormancy-sweep';

/** Runs DetectDormancy with asOf = now every CRM_DORMANCY_SWEEP_MINUTES (0 turns it off). */
@Injectable()
export class DormancyScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(DormancyScheduler.name);
  private running = false;

  constructor(
    private readonly scheduler: SchedulerRegistry,
    /** Only customer ids are read: no need to open personal fields. */
    private readonly store: SealedEventStore,
    private readonly commands: CommandService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.dormancySweepMinutes === 0) return;
    const timer = setInterval(() => void this.sweep(), this.config.dormancySweepMinutes * 60_000);
    this.scheduler.addInterval(INTERVAL_NAME, timer);
  }

  /** One sweep; a sweep still running when the next is due is not overlapped. */
  async sweep(now: Date = new Date()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const commandId = randomUUID();
      const result = await detectDormancy(
        this.store,
        this.commands,
        { asOf: now.toISOString(), thresholdDays: this.config.dormancyThresholdDays },
        { actor: 'system:dormancy-scheduler', commandId, correlationId: commandId, causationId: commandId, now: now.toISOString() },
      );
      if (result.streams.length > 0) this.logger.log(`${result.streams.length} of ${result.customersChecked} customers went dormant`);
    } catch (error) {
      this.logger.error(`dormancy sweep failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
