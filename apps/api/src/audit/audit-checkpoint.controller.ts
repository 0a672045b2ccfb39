import { AuditCheckpoints, CheckpointPublicKey, CheckpointRefused, CheckpointVerification, SignedCheckpoint } from '@crm/application';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/api-answer.decorator';
import { Roles } from '../auth/roles.decorator';
import { ProblemException, problem, validationProblem } from '../http/problem';
import { CheckpointDto, CheckpointKeyDto, CheckpointVerificationDto } from './audit-checkpoint.dto';

/**
 * Signed checkpoints for auditors to keep outside the system, and verification of the log against
 * one: what per-stream chains cannot see (a stream's last events, a whole stream cut off) is named.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('audit')
export class AuditCheckpointController {
  constructor(private readonly checkpoints: AuditCheckpoints) {}

  @Get('checkpoint')
  @ApiOperation({ summary: 'a signed head of the whole log at its current position' })
  @ApiOkResponse({ type: CheckpointDto })
  @ApiProblems(401, 403, 429)
  checkpoint(): Promise<SignedCheckpoint> {
    return this.checkpoints.take();
  }

  @Get('checkpoint-key')
  @ApiOperation({ summary: "the public half of the key that signs checkpoints" })
  @ApiOkResponse({ type: CheckpointKeyDto })
  @ApiProblems(401, 403, 429)
  key(): CheckpointPublicKey {
    return this.checkpoints.publicKey();
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'verifies the log against a checkpoint from GET /audit/checkpoint' })
  @ApiBody({ type: CheckpointDto })
  @ApiOkResponse({ type: CheckpointVerificationDto })
  // 400: not a checkpoint (errors[].field names each bad field); 422: signed by another key, or altered since.
  @ApiProblems(400, 401, 403, 413, 422, 429)
  async verify(@Body() body: unknown): Promise<CheckpointVerification> {
    try {
      return await this.checkpoints.verify(body);
    } catch (error) {
      if (!(error instanceof CheckpointRefused)) throw error;
      if (error.reason === 'malformed') throw new ProblemException(validationProblem(error.errors, error.message));
      throw new ProblemException(problem(422, 'checkpoint-refused', 'Checkpoint refused', error.message, { reason: error.reason }));
    }
  }
}
