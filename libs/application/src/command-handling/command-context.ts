/** Who sent a command, why, and when: becomes the metadata of every event it appends. */
export interface CommandContext {
  actor: string;
  commandId: string;
  correlationId: string;
  /** The event that caused this command (reactors), or the command id itself. */
  causationId: string;
  /** Business "now", ISO-8601. */
  now: string;
  /** From If-Match: the caller's expected version of the target stream. */
  expectedVersion?: number;
}
