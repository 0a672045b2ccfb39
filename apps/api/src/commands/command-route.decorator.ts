import { HttpCode, Post, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/api-answer.decorator';
import { Role } from '../config/app-config';
import { Roles } from '../auth/roles.decorator';
import { CommandAcceptedDto } from './dto/command-accepted.dto';

/** `POST /commands/{name}`: 200 with the appended events, problem+json otherwise. */
export const CommandRoute = (name: string, summary: string, roles: Role[] = ['service']) =>
  applyDecorators(
    Post(name),
    HttpCode(200),
    Roles(...roles),
    ApiTags('commands'),
    ApiBearerAuth(),
    ApiOperation({ summary, operationId: name }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'same key + same body replays the first result' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'expected version of the target stream' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'kept in every event; generated when absent' }),
    ApiOkResponse({ type: CommandAcceptedDto }),
    ApiProblems(400, 401, 403, 404, 405, 409, 413, 422, 429, 503),
  );
