import { HttpCode, Post, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Role } from '../config/app-config';
import { Roles } from '../auth/roles.decorator';
import { CommandAcceptedDto } from './dto/command-accepted.dto';

const problemResponses = [
  { status: 400, description: 'malformed or invalid body (problem+json with errors[].field)' },
  { status: 401, description: 'missing or unknown API key' },
  { status: 403, description: 'the key\'s role may not send this command' },
  { status: 404, description: 'the target does not exist' },
  { status: 405, description: 'a method other than POST (header Allow: POST)' },
  { status: 409, description: 'version conflict (If-Match or a concurrent write); body has expected and actual' },
  { status: 413, description: 'body over the limit' },
  { status: 422, description: 'a business rule refused the command; body names the rule' },
  { status: 429, description: 'rate limit for this API key, or for this client address before a valid key is known (header Retry-After)' },
];

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
    ...problemResponses.map((response) => ApiResponse({ ...response, content: { 'application/problem+json': {} } })),
  );
