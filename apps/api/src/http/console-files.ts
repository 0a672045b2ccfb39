import express, { NextFunction, Request, Response, Router } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROBLEM_CONTENT_TYPE, problem } from './problem';

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
 * to build it.
 */
export function consoleFiles(dir: string | undefined): Router {
  return express.Router().use(consoleSecurityHeaders, dir !== undefined && existsSync(join(dir, 'index.html')) ? consolePages(dir) : consoleNotBuilt);
}

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

function consoleNotBuilt(_req: Request, res: Response): void {
  const body = problem(404, 'console-not-built', 'Console not built', 'The web console has not been built: `npm start` builds it, or `npm run build:console`.');
  res.status(404).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

function consolePages(dir: string) {
  const files = express.static(dir, { index: 'index.html', fallthrough: true, maxAge: '1h', setHeaders: noCacheForIndex });
  return (req: Request, res: Response, next: NextFunction) =>
    files(req, res, () => {
      // Any other path under /console without a file extension is the console's own page; a
      // missing asset (a name with an extension) is a 404, not the page in its place.
      if ((req.method !== 'GET' && req.method !== 'HEAD') || /\.[^/]*$/.test(req.path)) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile('index.html', { root: dir });
    });
}

/** index.html names the hashed asset files of its build: it is never cached, they may be. */
function noCacheForIndex(res: Response, path: string): void {
  if (path.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
}
