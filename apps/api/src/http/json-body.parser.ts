import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem, ProblemException, problem } from './problem';

/** application/json and the structured-syntax types built on it (application/merge-patch+json, …). */
const JSON_TYPE = /^application\/(?:[^;\s]+\+)?json\s*(?:;|$)/i;
const STRICT_START = /^[\x20\x09\x0a\x0d]*[[{]/;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

const refuse = (body: Problem) => new ProblemException(body);
const unsupported = (detail: string) => refuse(problem(415, 'unsupported-media-type', 'Unsupported media type', detail));
const tooLarge = (limit: number) => refuse(problem(413, 'body-too-large', 'Body too large', `The body exceeds the limit of ${limit} bytes.`, { limit }));

/**
 * Bodies are JSON, parsed here rather than by Fastify's parser so that every refusal is one of our
 * problem documents (413 over the limit, 400 for malformed JSON, 415 for anything that is not
 * UTF-8 JSON) and so that the limit can depend on the request (`limitFor`: a checkpoint sent to
 * POST /audit/verify by an auditor may be larger than anything else). JSON.parse keeps a
 * `__proto__` member as an ordinary field, which validation then refuses as unknown, as it refuses
 * any other. An empty body is no body; a body that is not an object or an array is malformed. A refusal closes the connection (Fastify does so for any
 * parser error), since the rest of the body is not read.
 */
export function parseJsonBodies(fastify: FastifyInstance, limitFor: (request: FastifyRequest) => number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(unsupported('Send the body as application/json.'), undefined));
  fastify.addContentTypeParser(JSON_TYPE, (request, payload, done) => {
    const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1].toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return done(unsupported('Send the body as UTF-8 JSON.'), undefined);
    const limit = limitFor(request);
    if (Number(request.headers['content-length']) > limit) return done(tooLarge(limit), undefined);
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (error: Error | null, body?: unknown) => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
      done(error, body);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) return finish(tooLarge(limit));
      chunks.push(chunk);
    };
    const onError = () => finish(refuse(problem(400, 'bad-body', 'Bad request body', 'The request body could not be read.')));
    const onEnd = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text === '') return finish(null, undefined);
      try {
        // Only an object or an array, as a JSON body of any API (body-parser's `strict`).
        if (!STRICT_START.test(text)) throw new SyntaxError('not an object or an array');
        finish(null, JSON.parse(text));
      } catch {
        finish(refuse(problem(400, 'malformed-json', 'Malformed JSON', 'The body is not valid JSON.')));
      }
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}
