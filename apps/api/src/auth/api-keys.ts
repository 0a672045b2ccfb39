import { ROLES, Role } from '../config/app-config';

export interface ApiKey {
  key: string;
  role: Role;
  /** Recorded as the `actor` of every event the key's commands append. */
  principal: string;
}

/** Parses `key:role[:principal],…`; a key without a principal is named `<role>-<n>`. */
export function parseApiKeys(raw: string): ApiKey[] {
  const counts = new Map<string, number>();
  const keys = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [key, role, principal, ...rest] = entry.split(':');
      if (!key || !role || rest.length > 0) throw new Error(`"${entry}" is not key:role or key:role:principal`);
      if (key.length < 8) throw new Error(`a key must be at least 8 characters ("${key.slice(0, 3)}…" is too short)`);
      if (!(ROLES as readonly string[]).includes(role)) throw new Error(`"${role}" is not a role (${ROLES.join(', ')})`);
      const n = (counts.get(role) ?? 0) + 1;
      counts.set(role, n);
      return { key, role: role as Role, principal: principal || `${role}-${n}` };
    });
  if (keys.length === 0) throw new Error('no keys given');
  const seen = new Set<string>();
  for (const { key } of keys) {
    if (seen.has(key)) throw new Error('the same key is listed twice');
    seen.add(key);
  }
  return keys;
}
