import { PUBLIC_COMMANDS } from '@crm/application';
import { All, Controller, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ProblemException, problem } from '../http/problem';

export const KNOWN_COMMANDS = [...Object.keys(PUBLIC_COMMANDS), 'DetectDormancy'];

/** Registered last: any other /commands/{name} is a 404 that lists the commands there are. */
@ApiExcludeController()
@Controller('commands')
export class UnknownCommandController {
  @All(':name')
  @Roles('service', 'analyst', 'auditor')
  unknown(@Param('name') name: string): never {
    throw new ProblemException(
      problem(404, 'unknown-command', 'Unknown command', `There is no command '${name.slice(0, 100)}'.`, { commands: KNOWN_COMMANDS }),
    );
  }
}
