import { KNOWN_COMMANDS } from '@crm/application';
import { All, Controller, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { ProblemException, problem } from '../http/problem';

export { KNOWN_COMMANDS };

/** Routes match case-insensitively (create-app.ts), so a name is known whatever its case. */
const CANONICAL = new Map(KNOWN_COMMANDS.map((name) => [name.toLowerCase(), name]));

/** The contract's spelling of a command name, or undefined when it names no command. */
export const knownCommand = (name: string): string | undefined => CANONICAL.get(name.toLowerCase());

/**
 * Registered last: anything else under /commands/{name}. Every command is POST only, so a
 * wrong method is 405 whatever the name (the method is wrong for every name); a POST of a
 * name not in the contract is a 404 that lists the commands there are.
 */
@ApiExcludeController()
@Controller('commands')
export class UnknownCommandController {
  @All(':name')
  @Roles('service', 'analyst', 'auditor')
  unknown(@Param('name') name: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) response: FastifyReply): never {
    if (request.method !== 'POST') {
      response.header('Allow', 'POST');
      throw new ProblemException(
        problem(405, 'method-not-allowed', 'Method not allowed', `Commands are sent with POST, not ${request.method.slice(0, 20)}.`, { allow: ['POST'] }),
      );
    }
    throw new ProblemException(
      problem(404, 'unknown-command', 'Unknown command', `There is no command '${name.slice(0, 100)}'.`, { commands: KNOWN_COMMANDS }),
    );
  }
}
