import { EventStore } from '@crm/event-store';
import { CheckpointFieldError, SignedCheckpoint, parseCheckpoint, signedMessage } from './audit-checkpoint';
import { CheckpointBuilder, CheckpointComparison, CheckpointFindings, Finding } from './checkpoint-comparison';
import { CheckpointPublicKey, CheckpointSigningKey } from './checkpoint-signing-key';
import { readAllBatches } from './audit-log';
import { StreamChains } from './stream-chains';

/** A checkpoint that cannot be verified against: malformed, signed by another key, or altered since it was signed. */
export class CheckpointRefused extends Error {
  override readonly name = 'CheckpointRefused';

  constructor(
    readonly reason: 'malformed' | 'other-key' | 'bad-signature',
    message: string,
    readonly errors: CheckpointFieldError[] = [],
  ) {
    super(message);
  }
}

export interface CheckpointVerification {
  /** True only when nothing below names a problem and the log at the checkpoint's position has the checkpoint's Merkle root. */
  ok: boolean;
  /** As `GET /audit/verify`: the whole log today. */
  streams: number;
  events: number;
  /** Every broken chain link `GET /audit/verify` finds, and every stream rewritten with its chain recomputed. */
  broken: Finding[];
  missing: Finding[];
  added: Finding[];
  moved: Finding[];
  checkpoint: Omit<SignedCheckpoint, 'heads' | 'signature'>;
  /** The log today at or before the checkpoint's position; `matches` is false for any change there, even one no finding names (events of different streams changing places). */
  atCheckpoint: CheckpointFindings['atCheckpoint'] & { matches: boolean };
}

/**
 * Signed checkpoints of the whole log, and verification of the log against one. Per-stream hash
 * chains cannot see what is cut off a stream's end, or a whole stream: a checkpoint kept outside
 * the system remembers every stream's head, so verification names what went missing. Both read
 * the log as stored (the chains cover the sealed personal fields), through the port only.
 */
export class AuditCheckpoints {
  constructor(
    private readonly stored: EventStore,
    private readonly key: CheckpointSigningKey,
    private readonly now: () => Date = () => new Date(),
  ) {}

  publicKey(): CheckpointPublicKey {
    return this.key.publicInfo();
  }

  async take(): Promise<SignedCheckpoint> {
    const builder = new CheckpointBuilder();
    for await (const batch of readAllBatches(this.stored)) batch.forEach((event) => builder.add(event));
    const body = builder.body(this.now().toISOString(), this.key.keyId);
    return { ...body, signature: this.key.sign(signedMessage(body)).toString('base64') };
  }

  /** Throws CheckpointRefused for a checkpoint that is malformed or whose signature does not hold. */
  async verify(input: unknown): Promise<CheckpointVerification> {
    const checkpoint = this.authentic(input);
    const chains = new StreamChains();
    const comparison = new CheckpointComparison(checkpoint);
    for await (const batch of readAllBatches(this.stored)) {
      for (const event of batch) {
        chains.check(event);
        comparison.add(event);
      }
    }
    const { missing, added, moved, rewritten, atCheckpoint } = comparison.finish();
    const broken = [...chains.broken, ...rewritten];
    const matches = atCheckpoint.root === checkpoint.root;
    const { heads: _heads, signature: _signature, ...summary } = checkpoint;
    return {
      ok: matches && broken.length + missing.length + added.length + moved.length === 0,
      streams: chains.streams,
      events: chains.events,
      broken,
      missing,
      added,
      moved,
      checkpoint: summary,
      atCheckpoint: { ...atCheckpoint, matches },
    };
  }

  private authentic(input: unknown): SignedCheckpoint {
    const parsed = parseCheckpoint(input);
    if ('errors' in parsed) throw new CheckpointRefused('malformed', 'The checkpoint is not valid.', parsed.errors);
    const { checkpoint } = parsed;
    if (checkpoint.keyId !== this.key.keyId) {
      throw new CheckpointRefused('other-key', `The checkpoint is signed by key ${checkpoint.keyId}, not by this log's checkpoint key ${this.key.keyId} (GET /audit/checkpoint-key).`);
    }
    if (!this.key.verify(signedMessage(checkpoint), Buffer.from(checkpoint.signature, 'base64'))) {
      throw new CheckpointRefused('bad-signature', `The checkpoint's signature does not hold under key ${this.key.keyId}: it was altered after it was signed, or forged.`);
    }
    return checkpoint;
  }
}
