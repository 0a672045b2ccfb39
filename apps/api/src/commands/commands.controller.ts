import { Body, Controller, Type } from '@nestjs/common';
import { AnyCommandHttpRoute, COMMAND_ROUTES } from './command-routes';
import { CommandGateway } from './command-gateway';
import { CommandMeta, Meta } from './command-meta.decorator';
import { CommandRoute } from './command-route.decorator';

/** What TypeScript would record for `handler(@Body() body: Dto, @Meta() meta: CommandMeta)`: Nest validates the body by it, Swagger documents it. */
const PARAM_TYPES = 'design:paramtypes';

/**
 * A controller with a `POST /commands/{name}` handler per route, built from the route list rather
 * than written out: a command's route, operation and body then follow from the registry, and no
 * handler can pass one command's body to another command. Each handler is what a hand-written one
 * would be, a decorated method named after its command.
 */
export function commandsController(name: string, routes: readonly AnyCommandHttpRoute[]): Type<unknown> {
  @Controller('commands')
  class CommandsController {
    constructor(readonly gateway: CommandGateway) {}
  }
  // Swagger tags the operations by the controller's name (LeadCommands, …).
  Object.defineProperty(CommandsController, 'name', { value: name });
  const prototype = CommandsController.prototype;
  for (const { spec, body, summary, roles } of routes) {
    const command = spec.type;
    // A computed method name: the handler's `name` is the command's, which Swagger and the rate limiter key on.
    const { [command]: handler } = {
      [command](this: CommandsController, request: unknown, meta: CommandMeta) {
        return this.gateway.run(spec, request, meta);
      },
    };
    Object.defineProperty(prototype, command, { value: handler, writable: true, configurable: true });
    Reflect.defineMetadata(PARAM_TYPES, [body, Object], prototype, command);
    Body()(prototype, command, 0);
    Meta()(prototype, command, 1);
    CommandRoute(command, summary, roles)(prototype, command, Object.getOwnPropertyDescriptor(prototype, command));
  }
  return CommandsController;
}

const aggregates = [...new Set(COMMAND_ROUTES.map((route) => route.spec.aggregate.name))];

/** One controller per aggregate (LeadCommandsController, …), in the registry's order. */
export const COMMAND_CONTROLLERS = aggregates.map((aggregate) =>
  commandsController(
    `${aggregate[0].toUpperCase()}${aggregate.slice(1)}CommandsController`,
    COMMAND_ROUTES.filter((route) => route.spec.aggregate.name === aggregate),
  ),
);
