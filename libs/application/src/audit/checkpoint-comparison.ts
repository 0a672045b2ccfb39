import { Position, RecordedEvent, comparePositions } from '@crm/event-store';
import { CheckpointBody, StreamHead, checkpointLeaf } from './audit-checkpoint';
import { MerkleRoot } from './merkle-root';
import { Broken } from './stream-chains';

/** Folds the log, read in global order, into the unsigned part of a checkpoint. */
export class CheckpointBuilder {
  private readonly tree = new MerkleRoot();
  private readonly heads = new Map<string, StreamHead>();
  private position: Position | null = null;

  add(event: RecordedEvent): void {
    this.tree.add(checkpointLeaf({ ...event, hash: event.metadata.hash }));
    this.heads.set(event.streamId, { streamId: event.streamId, version: event.version, position: event.position, hash: event.metadata.hash });
    this.position = event.position;
  }

  body(signedAt: string, keyId: string): CheckpointBody {
    // Sorted by stream id (UTF-16 code units, as canonical JSON sorts keys): the same log gives the same checkpoint.
    const heads = [...this.heads.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    return { position: this.position, streams: heads.length, events: this.tree.size, root: this.tree.root(), heads, signedAt, keyId };
  }
}

/** Named by stream and version, as `verify` names a broken link. */
export type Finding = Broken;

export interface CheckpointFindings {
  /** Events the checkpoint holds that the log no longer does (a middle event, a stream's last events, a whole stream). */
  missing: Finding[];
  /** Events at or before the checkpoint's position that it does not hold. */
  added: Finding[];
  /** Events the checkpoint holds, now at another position. */
  moved: Finding[];
  /** A stream's event at its checkpointed head version whose hash differs: the stream was rewritten and re-chained. */
  rewritten: Finding[];
  /** What the log holds today at or before the checkpoint's position; `root` differs from the checkpoint's for any change there, named or not. */
  atCheckpoint: { streams: number; events: number; root: string };
}

/**
 * Compares the log, read in global order, with a checkpoint of it. Positions are opaque ordered
 * strings (SQLite rowids, EventStoreDB commit/prepare pairs), compared only with comparePositions.
 * Memory: one byte per event the checkpoint holds, to tell which versions came back.
 */
export class CheckpointComparison {
  private readonly heads: Map<string, StreamHead>;
  private readonly seen = new Map<string, Uint8Array>();
  private readonly tree = new MerkleRoot();
  private readonly streamsAtCheckpoint = new Set<string>();
  private readonly findings: Omit<CheckpointFindings, 'atCheckpoint'> = { missing: [], added: [], moved: [], rewritten: [] };

  constructor(private readonly checkpoint: CheckpointBody) {
    this.heads = new Map(checkpoint.heads.map((head) => [head.streamId, head]));
  }

  add(event: RecordedEvent): void {
    const { streamId, version, position } = event;
    const { position: at } = this.checkpoint;
    const covered = at !== null && comparePositions(position, at) <= 0;
    const head = this.heads.get(streamId);
    const held = head !== undefined && version <= head.version;
    if (covered) {
      this.tree.add(checkpointLeaf({ ...event, hash: event.metadata.hash }));
      this.streamsAtCheckpoint.add(streamId);
    }
    if (!held) {
      if (covered) this.findings.added.push({ streamId, version, reason: `added: at position ${position}, at or before the checkpoint's ${at}, which ${head ? `ends this stream at version ${head.version}` : 'does not hold this stream'}` });
      return;
    }
    this.seenOf(head)[version] = 1;
    if (version === head.version) {
      if (comparePositions(position, head.position) !== 0) this.findings.moved.push({ streamId, version, reason: `moved: at position ${position}, the checkpoint has it at ${head.position}` });
      if (event.metadata.hash !== head.hash) {
        this.findings.rewritten.push({ streamId, version, reason: 'rewritten: its hash differs from the one the checkpoint holds for this version, so this event or one before it was changed and the chain recomputed' });
      }
    } else if (!covered) {
      this.findings.moved.push({ streamId, version, reason: `moved: at position ${position}, after the checkpoint's ${at}, at or before which the checkpoint holds it` });
    }
  }

  finish(): CheckpointFindings {
    for (const head of this.heads.values()) {
      const seen = this.seen.get(head.streamId);
      for (let version = 0; version <= head.version; version++) {
        if (seen?.[version]) continue;
        this.findings.missing.push({
          streamId: head.streamId,
          version,
          reason: seen ? `missing: the checkpoint holds versions 0–${head.version} of this stream` : `missing: the whole stream is gone; the checkpoint holds its versions 0–${head.version}`,
        });
      }
    }
    return { ...this.findings, atCheckpoint: { streams: this.streamsAtCheckpoint.size, events: this.tree.size, root: this.tree.root() } };
  }

  private seenOf(head: StreamHead): Uint8Array {
    let seen = this.seen.get(head.streamId);
    if (!seen) this.seen.set(head.streamId, (seen = new Uint8Array(head.version + 1)));
    return seen;
  }
}
