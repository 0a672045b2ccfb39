import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { ProblemException, problem, toProblem } from '../http/problem';
import { IdempotencyStore } from './idempotency.store';

const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 20;
/** Outcomes that do not depend on timing, so replaying them is the truth; others (409, 429, 5xx) are retried afresh. */
const REPLAYABLE = new Set([200, 404, 422]);

export interface IdempotentRequest {
  principal: string;
  key?: string;
  /** What must be equal for a replay: the command name and the raw JSON body. */
  command: string;
  body: unknown;
  /** The id the command will run under; kept with the claim so a crash can be recovered. */
  commandId: string;
}

export interface IdempotentOutcome<T> {
  body: T;
  replayed: boolean;
}

/**
 * Idempotency-Key: the same key with the same body returns the first result (same status and
 * body) and appends nothing; with a different body it is refused with 422. Keys are scoped per
 * API principal. A concurrent duplicate waits for the first request's outcome.
 */
@Injectable()
export class IdempotencyService {
  /** A pending claim older than this belongs to a request that died (a crash); the key may be run again. */
  private readonly staleAfterMs: number;

  constructor(
    private readonly store: IdempotencyStore,
    config: AppConfig,
  ) {
    this.staleAfterMs = config.idempotencyStaleSeconds * 1000;
  }

  /**
   * @param recover given the command id of a request that died holding this key, returns the
   *   result that request produced if its events were stored; otherwise the command runs again.
   */
  async run<T>(
    request: IdempotentRequest,
    execute: () => Promise<T>,
    recover: (abandonedCommandId: string) => Promise<T | undefined> = async () => undefined,
  ): Promise<IdempotentOutcome<T>> {
    if (request.key === undefined) return { body: await execute(), replayed: false };
    const scope = `${request.principal}\u0000${request.key}`;
    const fingerprint = createHash('sha256')
      .update(request.command)
      .update('\u0000')
      .update(canonicalize(request.body) ?? '')
      .digest('hex');

    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const claim = await this.store.claim(scope, fingerprint, request.commandId, this.staleAfterMs);
      if (claim.claimed) {
        const recovered = claim.abandonedCommandId === undefined ? undefined : await recover(claim.abandonedCommandId);
        if (recovered !== undefined) {
          await this.store.complete(scope, 200, JSON.stringify(recovered));
          return { body: recovered, replayed: true };
        }
        return { body: await this.executeAndRecord(scope, execute), replayed: false };
      }

      const { record } = claim;
      if (record.fingerprint !== fingerprint) {
        throw new ProblemException(
          problem(422, 'idempotency-key-reused', 'Idempotency key reused', 'This Idempotency-Key was already used with a different command or body.', {
            rule: 'idempotency-key-reused',
          }),
        );
      }
      if (record.state === 'done') {
        const stored = JSON.parse(record.body ?? 'null');
        if (record.status !== 200) throw new ReplayedProblem(stored);
        return { body: stored as T, replayed: true };
      }
      if (Date.now() > deadline) {
        throw new ProblemException(problem(409, 'idempotency-key-in-progress', 'Request in progress', 'A request with this Idempotency-Key is still running; retry shortly.'));
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async executeAndRecord<T>(scope: string, execute: () => Promise<T>): Promise<T> {
    let body: T;
    try {
      body = await execute();
    } catch (error) {
      const outcome = toProblem(error);
      if (REPLAYABLE.has(outcome.status)) await this.store.complete(scope, outcome.status, JSON.stringify(outcome));
      // A store that cannot release the claim now (e.g. the fault that failed the command) leaves it
      // pending; it goes stale and a retry then recovers from the log. The caller hears the first error.
      else await this.store.release(scope).catch(() => undefined);
      throw error;
    }
    // If recording fails now, the claim stays pending on purpose: the command did run, and a
    // retry after the claim goes stale recovers its result from the log instead of running it again.
    await this.store.complete(scope, 200, JSON.stringify(body));
    return body;
  }
}

/** A stored refusal served again for a repeated Idempotency-Key. */
export class ReplayedProblem extends ProblemException {}
