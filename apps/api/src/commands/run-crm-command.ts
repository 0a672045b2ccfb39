import { CommandContext, CommandResult, CommandService, CommandSpec } from '@crm/application';
import { CrmEvent, DomainCommand } from '@crm/domain';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';

/**
 * @deprecated Kept only for apps/cli's importer (and the tests and bench that mirror it) until the
 * CLI is its own composition root: the HTTP path calls the application's services directly. Remove
 * this file, its handler in AppModule and `CqrsModule` once nothing imports it.
 */
export class RunCrmCommand<C extends DomainCommand, S, E extends CrmEvent, R> extends Command<CommandResult> {
  constructor(
    readonly spec: CommandSpec<C, S, E, R>,
    readonly input: C['data'],
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** @deprecated see RunCrmCommand */
@CommandHandler(RunCrmCommand)
export class RunCrmCommandHandler implements ICommandHandler<RunCrmCommand<DomainCommand, unknown, CrmEvent, unknown>, CommandResult> {
  constructor(private readonly commands: CommandService) {}

  execute({ spec, input, context }: RunCrmCommand<DomainCommand, unknown, CrmEvent, unknown>): Promise<CommandResult> {
    return this.commands.execute(spec, input, context);
  }
}
