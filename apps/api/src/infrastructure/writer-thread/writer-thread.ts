// The SQLite files themselves, not the packages' indexes: those load the EventStoreDB and MongoDB
// clients too, which each start (and, under ts-node, compile) of this thread would pay for.
import { openSqlite } from '@crm/event-store/sqlite/open-sqlite';
import { SqliteEventStore } from '@crm/event-store/sqlite/sqlite-event-store';
import { SqliteIdempotencyStore } from '@crm/read-store/sqlite/sqlite-idempotency-store';
import { parentPort, workerData } from 'node:worker_threads';
import { PerTurnBatch } from './per-turn-batch';
import { WRITER_READY, WriterReply, WriterRequest, WriterThreadData, toWire } from './writer-thread.messages';

/**
 * Events per group commit. The server's commands append one to a few events each, so their groups
 * stay below it unless hundreds arrive in one turn; appends of many events each (the append
 * bench's 16 × 100 in flight; a bulk client of the store) are split, so that the asking thread
 * serialises its next appends while this one commits. bench/results/append.md measured this
 * together with the chain's split (serialised there, linked here): +50% events/s on that shape.
 */
const MAX_GROUP_EVENTS = 500;

/**
 * The data file's writer thread (see writer-thread.client.ts): the event log's appends and the
 * Idempotency-Key records, on connections of its own, so that the server's event loop never waits
 * for a commit, a fsync or the file's write lock. The stores are the same classes the server uses
 * inline: appends that arrive together still share one commit (the store's group commit), and a
 * group's replies go back in one message.
 */
function run(port: NonNullable<typeof parentPort>, { file, synchronous }: WriterThreadData): void {
  const log = openSqlite(file, synchronous);
  // As on the server's thread (idempotency-store.factory.ts): claims and successes without a fsync
  // of their own (the log's commit that follows syncs the same write-ahead log), refusals durably.
  const fast = openSqlite(file, 'normal');
  const events = new SqliteEventStore(log, { maxGroupEvents: MAX_GROUP_EVENTS });
  // The asking thread's clock, as of the request being handled: claim and renew read it at once.
  let now = 0;
  const keys = new SqliteIdempotencyStore(fast, () => now, log);

  const replies = new PerTurnBatch<WriterReply>((batch) => port.postMessage(batch));
  const send = (reply: WriterReply) => replies.push(reply);

  const handle = (request: WriterRequest): Promise<unknown> => {
    switch (request.op) {
      case 'append':
        return events.appendSerialised(request.streamId, request.events, request.expectedRevision);
      case 'claim':
        now = request.now;
        return keys.claim(request.scope, request.fingerprint, request.commandId, request.staleAfterMs);
      case 'renew':
        now = request.now;
        return keys.renew(request.scope, request.commandId);
      case 'complete':
        return keys.complete(request.scope, request.status, request.body);
      case 'release':
        return keys.release(request.scope, request.commandId);
      case 'purge':
        return keys.purgeOlderThan(new Date(request.cutoffMs));
      case 'ping':
        return events.ping();
      case 'close':
        // Appends still waiting for their group commit are committed first.
        return events.close().then(() => fast.close());
    }
  };

  port.on('message', (requests: WriterRequest[]) => {
    for (const request of requests) {
      // A store method may throw before it returns a promise: the reply says so either way.
      let answer: Promise<unknown>;
      try {
        answer = handle(request);
      } catch (error) {
        answer = Promise.reject(error);
      }
      answer.then(
        (value) => send({ id: request.id, ok: true, value }),
        (error: unknown) => send({ id: request.id, ok: false, error: toWire(error) }),
      );
      if (request.op === 'close') {
        const end = () => setImmediate(() => port.close()); // after the reply's own setImmediate
        answer.then(end, end);
      }
    }
  });
  port.postMessage(WRITER_READY);
}

if (!parentPort) throw new Error('writer-thread runs as a worker thread of the server (CRM_SQLITE_WRITER=thread)');
run(parentPort, workerData as WriterThreadData);
