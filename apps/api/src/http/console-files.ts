import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { problem } from './problem';
import { sendProblem } from './reply';

/**
 * Where the console's built files are: CRM_CONSOLE_DIR, else the `console` folder of the build
 * this server runs from (dist/builds/<id>/console, next to apps/), else, when it runs from the
 * sources (ts-node, the tests), the current build's.
 */
export function consoleDirectory(configured: string | undefined): string | undefined {
  if (configured) return resolve(configured);
  const buildRoot = resolve(__dirname, '../../../..');
  // Then, from the project's folder (npm scripts run there): the current build's, and `npm run build:console`'s.
  const candidates = [join(buildRoot, 'console'), join(buildRoot, 'dist/current/console'), resolve('dist/current/console'), resolve('dist/console')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/**
 * The console at /console: static files (its API key travels in request headers, never here),
 * no key needed to fetch them, under a policy that lets its pages run only their own bundled code
 * and talk only to this server, and never be framed by another site (the console shows personal
 * data to whoever holds a key). A console that was not built answers a problem document saying how
 * to build it. Routes of the Fastify instance, not of Nest: no guard or pipe has anything to do here.
 */
export async function serveConsole(fastify: FastifyInstance, dir: string | undefined): Promise<void> {
  fastify.addHook('onRequest', (request, reply, done) => (CONSOLE_PATH.test(request.url) ? consoleSecurityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)) : done()));
  const built = dir !== undefined && existsSync(join(dir, 'index.html'));
  if (built) await fastify.register(fastifyStatic, { root: dir, serve: false, maxAge: '1h' });
  const handler = built ? consolePage : consoleNotBuilt;
  for (const url of ['/console', '/console/*']) fastify.route({ method: ['GET', 'HEAD'], url, handler });
}

const CONSOLE_PATH = /^\/console(?:[/?]|$)/i;

const consoleSecurityHeaders = helmet({
  contentSecurityPolicy: {
    // Stated in full, not helmet's defaults: those would upgrade requests to https, which a
    // server on plain http (the embedded default) does not answer.
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  // Strict-Transport-Security belongs to whoever terminates TLS in front of the server.
  strictTransportSecurity: false,
});

function consoleNotBuilt(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(reply, problem(404, 'console-not-built', 'Console not built', 'The web console has not been built: `npm start` builds it, or `npm run build:console`.'));
}

/**
 * A file of the build (cached for an hour: its name carries its content's hash), or for any other
 * path without a file extension the console's own page, which names the hashed files of its build
 * and so is never cached (asked for by its name too). A missing asset (a name with an extension) is a 404, not the page in its place.
 */
function consolePage(request: FastifyRequest<{ Params: { '*'?: string } }>, reply: FastifyReply): FastifyReply {
  const file = request.params['*'] ?? '';
  // A path that climbs out of the folder names no file of it (the file server would refuse it too, as an error).
  if (file.split(/[/\\]/).includes('..')) {
    reply.callNotFound();
    return reply;
  }
  if (/\.[^/]*$/.test(file) && !/(?:^|\/)index\.html$/i.test(file)) return reply.sendFile(file);
  return reply.header('Cache-Control', 'no-cache').sendFile('index.html', { maxAge: 0, cacheControl: false });
}
