import { ERASED, RuleViolation, personalDataRule } from '@crm/domain';
import { randomUUID } from 'node:crypto';
import { KeyRing } from './key-ring';
import { KeyStore, SubjectForgottenError } from './key-store.port';
import { SealedParts, open, parseSealed, seal } from './sealed-value';

interface Sealable {
  type: string;
  data: Record<string, unknown>;
}

export interface PersonalDataVaultOptions {
  /** Told once per key id when a sealed value's key is neither stored nor destroyed (a key store that does not match the log). */
  onUnknownKey?: (keyId: string) => void;
  clock?: () => Date;
}

/**
 * Crypto-shredding. Personal fields are sealed under their subject's data key before an event
 * is stored, so the log, its hash chain and every read model hold only ciphertext; they are
 * revealed at the edges (commands, API answers, audit and CLI output). Forgetting destroys the
 * keys: every copy anywhere then reveals as ERASED, with nothing rewritten.
 */
export class PersonalDataVault {
  private readonly warned = new Set<string>();

  constructor(
    private readonly keys: KeyStore,
    private readonly ring: KeyRing,
    private readonly options: PersonalDataVaultOptions = {},
  ) {}

  /** The events with their personal fields sealed (new objects; the inputs are left as they are). */
  async seal<E extends Sealable>(events: readonly E[]): Promise<E[]> {
    const keys = new Map<string, { keyId: string; key: Buffer }>();
    const sealed: E[] = [];
    for (const event of events) {
      const rule = personalDataRule(event.type);
      // An event of a personal kind that carries no personal value (a forgotten customer's new
      // industry) needs no key, so it is not refused for want of one.
      if (!rule || !rule.paths.some((path) => typeof valueAt(event.data, path) === 'string')) {
        sealed.push(event);
        continue;
      }
      const subject = rule.subject(event.data);
      const owner = rule.owner(event.data);
      const memo = `${subject}\u0000${owner}`;
      let dataKey = keys.get(memo);
      if (!dataKey) {
        dataKey = await this.dataKey(subject, owner);
        keys.set(memo, dataKey);
      }
      let data = event.data;
      for (const path of rule.paths) data = sealAt(data, path, dataKey.keyId, dataKey.key);
      sealed.push({ ...event, data });
    }
    return sealed;
  }

  /**
   * The value with every sealed string opened: its plaintext, ERASED when its key was destroyed,
   * or left as it is when no key opens it. Returns the value itself when nothing in it is sealed.
   */
  async reveal<T>(value: T): Promise<T> {
    const sealed = new Map<string, SealedParts>();
    collectSealed(value, sealed);
    if (sealed.size === 0) return value;
    const keyIds = [...new Set([...sealed.values()].map((parts) => parts.keyId))];
    const { found, destroyed } = await this.keys.findKeys(keyIds);
    const dataKeys = new Map(found.map((record) => [record.keyId, this.ring.unwrap(record)]));
    const gone = new Set(destroyed);
    const opened = new Map<string, string>();
    for (const [text, parts] of sealed) {
      const key = dataKeys.get(parts.keyId);
      if (key) opened.set(text, open(parts, key) ?? text);
      else if (gone.has(parts.keyId)) opened.set(text, ERASED);
      else this.warnUnknown(parts.keyId);
    }
    return replaceStrings(value, opened);
  }

  /** Destroys the data keys of an owner (a customer and the leads it came from). */
  async forget(owner: string): Promise<number> {
    return this.keys.forget(owner, (this.options.clock?.() ?? new Date()).toISOString());
  }

  private async dataKey(subject: string, owner: string): Promise<{ keyId: string; key: Buffer }> {
    const keyId = randomUUID();
    const key = this.ring.newDataKey();
    try {
      const stored = await this.keys.keyForSubject({ keyId, subject, owner, ...this.ring.wrap(keyId, key), createdAt: new Date().toISOString() });
      return stored.keyId === keyId ? { keyId, key } : { keyId: stored.keyId, key: this.ring.unwrap(stored) };
    } catch (error) {
      if (error instanceof SubjectForgottenError) {
        const [kind, id] = error.subject.split(/:(.*)/);
        throw new RuleViolation('customer-forgotten', `${kind} '${id}' was forgotten: personal data can no longer be recorded for it`);
      }
      throw error;
    }
  }

  private warnUnknown(keyId: string): void {
    if (this.warned.has(keyId)) return;
    this.warned.add(keyId);
    this.options.onUnknownKey?.(keyId);
  }
}

function sealAt(data: Record<string, unknown>, path: readonly string[], keyId: string, key: Buffer): Record<string, unknown> {
  const [head, ...rest] = path;
  const value = data[head];
  if (rest.length === 0) return typeof value === 'string' ? { ...data, [head]: seal(value, keyId, key) } : data;
  return isPlainObject(value) ? { ...data, [head]: sealAt(value, rest, keyId, key) } : data;
}

function valueAt(data: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = data;
  for (const key of path) value = isPlainObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function collectSealed(value: unknown, into: Map<string, SealedParts>): void {
  if (typeof value === 'string') {
    const parts = parseSealed(value);
    if (parts) into.set(value, parts);
  } else if (Array.isArray(value)) for (const item of value) collectSealed(item, into);
  else if (isPlainObject(value)) for (const key of Object.keys(value)) collectSealed(value[key], into);
}

function replaceStrings<T>(value: T, replacements: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return (replacements.get(value) ?? value) as T;
  if (Array.isArray(value)) return value.map((item) => replaceStrings(item, replacements)) as T;
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // defineProperty, not assignment: an own "__proto__" key stays a key.
    Object.defineProperty(copy, key, { value: replaceStrings(value[key], replacements), enumerable: true, writable: true, configurable: true });
  }
  return copy as T;
}
