import { createHash, timingSafeEqual } from 'node:crypto';
import { ProblemException, problem } from '../http/problem';
import { ApiKey } from './api-keys';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `Authorization: Bearer <key>` → its key, or a 401 problem. Shared by the guard (per route, with
 * roles) and by the edge hook that refuses an anonymous body before reading it.
 */
export class ApiKeyAuthenticator {
  private readonly keys: { digest: Buffer; apiKey: ApiKey }[];

  constructor(keys: readonly ApiKey[]) {
    this.keys = keys.map((apiKey) => ({ digest: digest(apiKey.key), apiKey }));
  }

  /** @throws ProblemException 401 when the header is missing, malformed or names no key */
  authenticate(header: string | undefined): ApiKey {
    const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
    if (!match) {
      throw new ProblemException(problem(401, 'unauthorized', 'Unauthorized', 'Send an API key as "Authorization: Bearer <key>".'));
    }
    // Compare digests in constant time so response timing does not leak key prefixes.
    const given = digest(match[1]);
    const found = this.keys.find((candidate) => timingSafeEqual(candidate.digest, given));
    if (!found) throw new ProblemException(problem(401, 'unauthorized', 'Unauthorized', 'The API key is not known.'));
    return found.apiKey;
  }
}
