/**
 * The key store port: where data keys live, wrapped under the master key. Adapters: SQLite
 * (a file of its own beside the event log, by default) and MongoDB (when configured). Both
 * honour the same contract (testing/key-store.contract.ts).
 */

/** One subject's data key, as stored: never in the clear. */
export interface DataKeyRecord {
  keyId: string;
  /** Whose personal data the key seals (`customer:<id>`, `lead:<id>`). */
  subject: string;
  /** The customer (or, before qualification, the lead) whose forgetting destroys the key. */
  owner: string;
  /** The data key encrypted under the master key (base64). */
  wrapped: string;
  /** Which master key wrapped it (see KeyRing). */
  masterKeyId: string;
  createdAt: string;
}

export interface FoundKeys {
  found: DataKeyRecord[];
  /** Ids of keys that existed and were destroyed by forgetting their owner. */
  destroyed: string[];
}

/** Personal data may not be sealed for an owner (or a subject) that was forgotten. */
export class SubjectForgottenError extends Error {
  override readonly name = 'SubjectForgottenError';
  constructor(readonly subject: string) {
    super(`personal data of '${subject}' was forgotten and cannot be recorded again`);
  }
}

export abstract class KeyStore {
  /**
   * The subject's key. When the subject has none, stores `candidate` (the first writer wins a
   * race) and returns what is stored; when the key belongs to another owner, moves it to
   * `candidate.owner` (a lead qualified into a customer). Throws SubjectForgottenError when the
   * owner was forgotten or the subject's key was destroyed.
   */
  abstract keyForSubject(candidate: DataKeyRecord): Promise<DataKeyRecord>;

  /** The stored keys among `keyIds`, and which of the others were destroyed. */
  abstract findKeys(keyIds: readonly string[]): Promise<FoundKeys>;

  /** Destroys every key of `owner` and remembers it as forgotten; idempotent. Returns how many keys it destroyed now. */
  abstract forget(owner: string, at: string): Promise<number>;

  /** Keys not wrapped by `masterKeyId`, for rotating the master key; at most `limit`. */
  abstract keysNotWrappedBy(masterKeyId: string, limit: number): Promise<DataKeyRecord[]>;

  /** Replaces a key's wrapping (same data key, new master key). */
  abstract rewrap(keyId: string, wrapped: string, masterKeyId: string): Promise<void>;

  /** Every master key id some stored key is wrapped by. */
  abstract masterKeyIds(): Promise<string[]>;

  /**
   * How far the key shredder has read the log. Kept with the keys on purpose: restoring an old
   * backup of the keys restores an old position too, so the shredder destroys again every key
   * forgotten since that backup.
   */
  abstract shreddedUpTo(): Promise<string | undefined>;
  abstract saveShreddedUpTo(position: string): Promise<void>;

  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;
}
