import { advanceStage, loseOpportunity, openOpportunity, recordQuote, winOpportunity } from '@crm/application';
import { Body, Controller } from '@nestjs/common';
import { CommandGateway } from './command-gateway';
import { CommandMeta, Meta } from './command-meta.decorator';
import { CommandRoute } from './command-route.decorator';
import { AdvanceStageDto, LoseOpportunityDto, OpenOpportunityDto, RecordQuoteDto, WinOpportunityDto } from './dto/opportunity.dto';

@Controller('commands')
export class OpportunityCommandsController {
  constructor(private readonly gateway: CommandGateway) {}

  @CommandRoute('OpenOpportunity', 'Open an opportunity for an existing customer')
  openOpportunity(@Body() body: OpenOpportunityDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(openOpportunity, body, meta);
  }

  @CommandRoute('AdvanceStage', 'Move an opportunity to another stage (backward needs a reason)')
  advanceStage(@Body() body: AdvanceStageDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(advanceStage, body, meta);
  }

  @CommandRoute('RecordQuote', 'Record a quote on an opportunity')
  recordQuote(@Body() body: RecordQuoteDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(recordQuote, body, meta);
  }

  @CommandRoute('WinOpportunity', 'Close an opportunity as won with its value')
  winOpportunity(@Body() body: WinOpportunityDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(winOpportunity, body, meta);
  }

  @CommandRoute('LoseOpportunity', 'Close an opportunity as lost with a reason')
  loseOpportunity(@Body() body: LoseOpportunityDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(loseOpportunity, body, meta);
  }
}
