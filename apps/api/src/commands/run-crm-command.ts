import { AnyCommandSpec, CommandContext, CommandResult, CommandService } from '@crm/application';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';

/** The one Nest command: carries a command spec and its input to the generic handler. */
export class RunCrmCommand extends Command<CommandResult> {
  constructor(
    readonly spec: AnyCommandSpec,
    readonly input: unknown,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RunCrmCommand)
export class RunCrmCommandHandler implements ICommandHandler<RunCrmCommand, CommandResult> {
  constructor(private readonly commands: CommandService) {}

  execute({ spec, input, context }: RunCrmCommand): Promise<CommandResult> {
    return this.commands.execute(spec, input, context);
  }
}
