import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { Problem, ProblemException, UNSUPPORTED_MEDIA_TYPE, problem } from './problem';

/** application/json and the structured-syntax types built on it (application/merge-patch+json, …). */
const JSON_TYPE = /^application\/(?:[^;\s]+\+)?json\s*(?:;|$)/i;
const STRICT_START = /^[\x20\x09\x0a\x0d]*[[{]/;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/** What body-parser (Express's, before) took: compressed bodies, decompressed here and limited by their decompressed size. */
const DECOMPRESS = new Map<string, () => NodeJS.ReadWriteStream>([
  ['gzip', createGunzip],
  ['x-gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

/** Strict: a byte sequence that is not UTF-8 is refused rather than stored with U+FFFD in its place. Drops a byte-order mark (body-parser did too). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

const refuse = (body: Problem) => new ProblemException(body);
const malformed = (detail: string) => refuse(problem(400, 'malformed-json', 'Malformed JSON', detail));
const unsupported = (detail: string) => refuse(problem(415, 'unsupported-media-type', 'Unsupported media type', detail));
const tooLarge = (limit: number) => refuse(problem(413, 'body-too-large', 'Body too large', `The body exceeds the limit of ${limit} bytes.`, { limit }));

/**
 * Bodies are JSON, parsed here rather than by Fastify's parser so that every refusal is one of our
 * problem documents (413 over the limit, 400 for malformed JSON, 415 for anything that is not
 * UTF-8 JSON, plain or compressed with gzip, deflate or br) and so that the limit can depend on the request (`limitFor`: a checkpoint sent to
 * POST /audit/verify by an auditor may be larger than anything else). JSON.parse keeps a
 * `__proto__` member as an ordinary field, which validation then refuses as unknown, as it refuses
 * any other. An empty body is no body; a body that is not an object or an array is malformed. A refusal closes the connection (Fastify does so for any
 * parser error), since the rest of the body is not read.
 */
export function parseJsonBodies(fastify: FastifyInstance, limitFor: (request: FastifyRequest) => number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(refuse(UNSUPPORTED_MEDIA_TYPE), undefined));
  fastify.addContentTypeParser(JSON_TYPE, (request, payload, done) => {
    const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1].toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return done(unsupported('Send the body as UTF-8 JSON.'), undefined);
    const limit = limitFor(request);
    const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding === 'identity' && Number(request.headers['content-length']) > limit) return done(tooLarge(limit), undefined);
    const decompress = DECOMPRESS.get(encoding);
    if (encoding !== 'identity' && !decompress) return done(unsupported('Send the body uncompressed, or compressed with gzip, deflate or br.'), undefined);
    const body: Readable = decompress ? (payload.pipe(decompress()) as unknown as Readable) : payload;
    const chunks: Buffer[] = [];
    let received = 0;
    let finished = false;
    const finish = (error: Error | null, parsed?: unknown) => {
      if (finished) return;
      finished = true;
      body.removeListener('data', onData);
      body.removeListener('end', onEnd);
      if (decompress) {
        // Stop inflating what is no longer read; its later errors, if any, are swallowed below.
        payload.unpipe();
        body.destroy();
      }
      done(error, parsed);
    };
    const onData = (chunk: Buffer) => {
      // Counted after decompression: a small compressed body cannot grow past the limit.
      received += chunk.length;
      if (received > limit) return finish(tooLarge(limit));
      chunks.push(chunk);
    };
    // A broken stream or corrupt compressed bytes: the client's, not ours.
    const onError = () => finish(refuse(problem(400, 'bad-body', 'Bad request body', 'The request body could not be read.')));
    const onEnd = () => {
      let text: string;
      try {
        text = UTF8.decode(Buffer.concat(chunks));
      } catch {
        return finish(malformed('The body is not valid UTF-8.'));
      }
      if (text === '') return finish(null, undefined);
      try {
        // Only an object or an array, as a JSON body of any API (body-parser's `strict`).
        if (!STRICT_START.test(text)) throw new SyntaxError('not an object or an array');
        finish(null, JSON.parse(text));
      } catch {
        finish(malformed('The body is not valid JSON.'));
      }
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    if (decompress) payload.on('error', onError);
  });
}
