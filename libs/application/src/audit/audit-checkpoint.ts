import { Position, isPosition } from '@crm/event-store';
import canonicalize from 'canonicalize';

/** A stream as the checkpoint saw it: its last version at or before the checkpoint's position. */
export interface StreamHead {
  streamId: string;
  version: number;
  position: Position;
  /** That event's chain hash: it covers every earlier event of the stream. */
  hash: string;
}

/**
 * A signed head of the whole log (cf. RFC 6962 signed tree heads, C2SP tlog checkpoints): the
 * position it was taken at (null for an empty log), how many streams and events lay at or before
 * it, the RFC 6962 Merkle root over them in global order (leaf: position, streamId, version,
 * hash), and every stream's head, so that what later goes missing can be named. The signature
 * covers every other field.
 */
export interface CheckpointBody {
  position: Position | null;
  streams: number;
  events: number;
  root: string;
  heads: StreamHead[];
  signedAt: string;
  keyId: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** Ed25519 over `signedMessage(body)`, base64. */
  signature: string;
}

/** Domain separation: a signature made for anything else cannot pass for a checkpoint's. */
const SIGNED_PREFIX = 'crm-audit-checkpoint/v1\n';

/** What the key signs: the prefix and the canonical JSON (RFC 8785) of every field but the signature. */
export function signedMessage(body: CheckpointBody): string {
  const { position, streams, events, root, heads, signedAt, keyId } = body;
  return SIGNED_PREFIX + canonicalize({ position, streams, events, root, heads: heads.map(({ streamId, version, position: at, hash }) => ({ streamId, version, position: at, hash })), signedAt, keyId });
}

/** The leaf of the Merkle tree for one event. */
export const checkpointLeaf = (event: { position: Position; streamId: string; version: number; hash: string }): string =>
  canonicalize({ hash: event.hash, position: event.position, streamId: event.streamId, version: event.version }) as string;

export interface CheckpointFieldError {
  field: string;
  message: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;
const TOP_FIELDS = ['position', 'streams', 'events', 'root', 'heads', 'signedAt', 'keyId', 'signature'];
const HEAD_FIELDS = ['streamId', 'version', 'position', 'hash'];
/** Enough to show what is wrong; a body of a million bad heads does not get a million lines. */
const MAX_ERRORS = 50;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * Checks the shape of a checkpoint an auditor sends back (an HTTP body or a file), naming each bad
 * field by its path; whether the signature holds is for `AuditCheckpoints.verify`.
 */
export function parseCheckpoint(value: unknown): { checkpoint: SignedCheckpoint } | { errors: CheckpointFieldError[] } {
  const errors: CheckpointFieldError[] = [];
  const fail = (field: string, message: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ field, message });
  };
  if (!isRecord(value)) return { errors: [{ field: '', message: 'a checkpoint is a JSON object (the body of GET /audit/checkpoint)' }] };
  for (const key of Object.keys(value)) if (!TOP_FIELDS.includes(key)) fail(key, 'is not a known field');
  if (value.position !== null && !(typeof value.position === 'string' && isPosition(value.position))) fail('position', 'must be a global position (a decimal string) or null');
  if (!isCount(value.streams)) fail('streams', 'must be a whole number ≥ 0');
  if (!isCount(value.events)) fail('events', 'must be a whole number ≥ 0');
  if (!(typeof value.root === 'string' && HEX64.test(value.root))) fail('root', 'must be a SHA-256 hash (64 lower-case hex digits)');
  if (!(typeof value.signedAt === 'string' && !Number.isNaN(Date.parse(value.signedAt)))) fail('signedAt', 'must be an ISO-8601 time');
  if (!(typeof value.keyId === 'string' && KEY_ID.test(value.keyId))) fail('keyId', 'must be a key id (16 lower-case hex digits)');
  if (!(typeof value.signature === 'string' && SIGNATURE.test(value.signature))) fail('signature', 'must be an Ed25519 signature (64 bytes, base64)');
  if (!Array.isArray(value.heads)) fail('heads', 'must be an array of stream heads');
  else {
    value.heads.forEach((head: unknown, i) => {
      const at = `heads[${i}]`;
      if (!isRecord(head)) return fail(at, 'must be an object { streamId, version, position, hash }');
      for (const key of Object.keys(head)) if (!HEAD_FIELDS.includes(key)) fail(`${at}.${key}`, 'is not a known field');
      if (!(typeof head.streamId === 'string' && head.streamId.length > 0 && head.streamId.length <= 1000)) fail(`${at}.streamId`, 'must be a stream id (1–1000 characters)');
      if (!isCount(head.version)) fail(`${at}.version`, 'must be a whole number ≥ 0');
      if (!(typeof head.position === 'string' && isPosition(head.position))) fail(`${at}.position`, 'must be a global position (a decimal string)');
      if (!(typeof head.hash === 'string' && HEX64.test(head.hash))) fail(`${at}.hash`, 'must be a SHA-256 hash (64 lower-case hex digits)');
    });
  }
  return errors.length > 0 ? { errors } : { checkpoint: value as unknown as SignedCheckpoint };
}
