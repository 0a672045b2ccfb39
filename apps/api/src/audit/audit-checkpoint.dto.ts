import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI shapes of /audit/checkpoint, /audit/checkpoint-key and POST /audit/verify (api.md "Projections, replay, audit"). */
export class StreamHeadDto {
  @ApiProperty({ example: 'customer-c42' }) streamId: string;
  @ApiProperty({ description: "the stream's last version at or before the checkpoint's position" }) version: number;
  @ApiProperty({ description: 'global position of that event, a decimal string' }) position: string;
  @ApiProperty({ description: "that event's chain hash (SHA-256, hex): it covers every earlier event of the stream" }) hash: string;
}

export class CheckpointDto {
  @ApiProperty({ nullable: true, type: String, description: 'the global position the checkpoint was taken at (null for an empty log)' }) position: string | null;
  @ApiProperty({ description: 'streams at or before the position' }) streams: number;
  @ApiProperty({ description: 'events at or before the position' }) events: number;
  @ApiProperty({ description: 'RFC 6962 Merkle tree hash (hex) over the events in global order; leaf: canonical JSON of { hash, position, streamId, version }' }) root: string;
  @ApiProperty({ type: [StreamHeadDto], description: 'every stream, sorted by stream id' }) heads: StreamHeadDto[];
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ description: 'names the signing key (GET /audit/checkpoint-key)' }) keyId: string;
  @ApiProperty({ description: 'Ed25519, base64, over "crm-audit-checkpoint/v1\\n" followed by the RFC 8785 canonical JSON of every other field' }) signature: string;
}

export class CheckpointKeyDto {
  @ApiProperty({ description: 'the first 16 hex digits of the SHA-256 of the raw public key' }) keyId: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  @ApiProperty({ description: 'the raw 32-byte public key, base64' }) publicKey: string;
  @ApiProperty({ description: 'the same as PEM (SubjectPublicKeyInfo)' }) publicKeyPem: string;
}

export class FindingDto {
  @ApiProperty() streamId: string;
  @ApiProperty() version: number;
  @ApiProperty() reason: string;
}

export class CheckpointSummaryDto {
  @ApiProperty({ nullable: true, type: String }) position: string | null;
  @ApiProperty() streams: number;
  @ApiProperty() events: number;
  @ApiProperty() root: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty() keyId: string;
}

export class AtCheckpointDto {
  @ApiProperty() streams: number;
  @ApiProperty() events: number;
  @ApiProperty({ description: 'the Merkle root of what the log holds today at or before the position' }) root: string;
  @ApiProperty({ description: "false for any change at or before the position, even one no finding names (events of different streams that changed places)" }) matches: boolean;
}

export class CheckpointVerificationDto {
  @ApiProperty({ description: 'true only when every list is empty and atCheckpoint.matches' }) ok: boolean;
  @ApiProperty({ description: 'streams in the log today' }) streams: number;
  @ApiProperty({ description: 'events in the log today' }) events: number;
  @ApiProperty({ type: [FindingDto], description: 'what GET /audit/verify finds, and streams rewritten with their chain recomputed' }) broken: FindingDto[];
  @ApiProperty({ type: [FindingDto], description: 'events the checkpoint holds that the log no longer does (a middle one, a stream\'s last ones, a whole stream)' }) missing: FindingDto[];
  @ApiProperty({ type: [FindingDto], description: "events at or before the checkpoint's position that it does not hold" }) added: FindingDto[];
  @ApiProperty({ type: [FindingDto], description: 'events the checkpoint holds, now at another position' }) moved: FindingDto[];
  @ApiProperty({ type: CheckpointSummaryDto }) checkpoint: CheckpointSummaryDto;
  @ApiProperty({ type: AtCheckpointDto }) atCheckpoint: AtCheckpointDto;
}
