import 'reflect-metadata';
import { DETECT_DORMANCY, KNOWN_COMMANDS, PUBLIC_COMMAND_SPECS, captureLead } from '@crm/application';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { COMMAND_ROUTES } from './command-routes';
import { COMMAND_CONTROLLERS, commandsController } from './commands.controller';
import { CommandGateway } from './command-gateway';
import { CommandMeta } from './command-meta.decorator';
import { CaptureLeadDto } from './dto/lead.dto';

type Handler = (body: unknown, meta: CommandMeta) => unknown;
const handlersOf = (controller: { prototype: object }) =>
  Object.getOwnPropertyNames(controller.prototype)
    .filter((name) => name !== 'constructor')
    .map((name) => ({ name, handler: Reflect.get(controller.prototype, name) as Handler, prototype: controller.prototype }));

describe('command routes from the registry', () => {
  it('gives every public command of the registry one POST /commands/{name} handler, in the registry order, validated by its body class', () => {
    const handlers = COMMAND_CONTROLLERS.flatMap(handlersOf);
    expect(handlers.map(({ handler }) => [Reflect.getMetadata(PATH_METADATA, handler), Reflect.getMetadata(METHOD_METADATA, handler)])).toEqual(
      PUBLIC_COMMAND_SPECS.map((spec) => [spec.type, RequestMethod.POST]),
    );
    expect(handlers.map(({ name, prototype }) => Reflect.getMetadata('design:paramtypes', prototype, name)[0])).toEqual(COMMAND_ROUTES.map((route) => route.body));
    expect(COMMAND_CONTROLLERS.map((controller) => [controller.name, Reflect.getMetadata(PATH_METADATA, controller)])).toEqual([
      ['LeadCommandsController', 'commands'],
      ['CustomerCommandsController', 'commands'],
      ['OpportunityCommandsController', 'commands'],
    ]);
  });

  it('sends the body to the command of its route, whatever list the controller is built from', async () => {
    const Controller = commandsController('TestCommandsController', [{ spec: captureLead, body: CaptureLeadDto, summary: 'capture', roles: ['service'] }]);
    const gateway = { run: jest.fn().mockResolvedValue({ version: 0 }) };
    const [{ name, handler }] = handlersOf(Controller);
    const body = { source: 'web', contact: { name: 'A' } };
    const meta = {} as CommandMeta;
    await handler.call(new (Controller as new (gateway: CommandGateway) => object)(gateway as unknown as CommandGateway), body, meta);
    expect([name, handler.name]).toEqual(['CaptureLead', 'CaptureLead']);
    expect(gateway.run).toHaveBeenCalledWith(captureLead, body, meta);
  });

  it('knows every command by the registry: the public ones and the dormancy sweep', () => {
    expect(KNOWN_COMMANDS).toEqual([...PUBLIC_COMMAND_SPECS.map((spec) => spec.type), DETECT_DORMANCY]);
    expect(DETECT_DORMANCY).toBe('DetectDormancy');
  });
});
