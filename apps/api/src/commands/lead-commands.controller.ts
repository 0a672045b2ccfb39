import { captureLead, disqualifyLead, qualifyLead, tagLead } from '@crm/application';
import { Body, Controller } from '@nestjs/common';
import { CommandGateway } from './command-gateway';
import { CommandMeta, Meta } from './command-meta.decorator';
import { CommandRoute } from './command-route.decorator';
import { CaptureLeadDto, DisqualifyLeadDto, QualifyLeadDto, TagLeadDto } from './dto/lead.dto';

@Controller('commands')
export class LeadCommandsController {
  constructor(private readonly gateway: CommandGateway) {}

  @CommandRoute('CaptureLead', 'Capture a lead from a channel, with its tags')
  captureLead(@Body() body: CaptureLeadDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(captureLead, body, meta);
  }

  @CommandRoute('TagLead', 'Add tags to a lead')
  tagLead(@Body() body: TagLeadDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(tagLead, body, meta);
  }

  @CommandRoute('QualifyLead', 'Qualify a lead; its customer is registered from it')
  qualifyLead(@Body() body: QualifyLeadDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(qualifyLead, body, meta);
  }

  @CommandRoute('DisqualifyLead', 'Disqualify (cleanse) a lead with a reason')
  disqualifyLead(@Body() body: DisqualifyLeadDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(disqualifyLead, body, meta);
  }
}
