import { CommandService, DETECT_DORMANCY, DormancySweepResult, detectDormancy } from '@crm/application';
import { Body, Controller } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { CommandGateway } from '../commands/command-gateway';
import { CommandMeta, Meta } from '../commands/command-meta.decorator';
import { CommandRoute } from '../commands/command-route.decorator';
import { DetectDormancyDto } from '../commands/dto/customer.dto';
import { SealedEventStore } from '../infrastructure/personal-data.factory';

export interface DormancySweepResponse extends DormancySweepResult {
  correlationId: string;
}

@Controller('commands')
export class DormancyController {
  constructor(
    private readonly gateway: CommandGateway,
    /** Only customer ids are read: no need to open personal fields. */
    private readonly store: SealedEventStore,
    private readonly commands: CommandService,
    private readonly config: AppConfig,
  ) {}

  /** Sweeps all customers; the response lists the streams it appended to. */
  @CommandRoute(DETECT_DORMANCY, 'Mark customers inactive for more than T days as dormant', ['service'])
  detectDormancy(@Body() body: DetectDormancyDto, @Meta() meta: CommandMeta): Promise<DormancySweepResponse> {
    const commandId = randomUUID();
    // A sweep that died part-way is simply run again: marking dormancy is idempotent.
    return this.gateway.idempotent(DETECT_DORMANCY, meta, commandId, async () => {
      const result = await detectDormancy(
        this.store,
        this.commands,
        { asOf: body.asOf ?? new Date().toISOString(), thresholdDays: body.thresholdDays ?? this.config.dormancyThresholdDays },
        { actor: meta.apiKey.principal, commandId, correlationId: meta.correlationId, causationId: commandId, now: new Date().toISOString() },
      );
      return { ...result, correlationId: meta.correlationId };
    });
  }
}
