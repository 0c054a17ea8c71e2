import { join } from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import serveStatic from 'serve-static';
import { problemDetails } from '../common/errors/problem-details';
import { sendProblem } from '../common/errors/send-problem';
import { missingConsoleBuild } from './console-build';

export const CONSOLE_PATH = '/console';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * The console's built files at `/console/`: hashed assets cached for a year, everything else
 * (index.html first) revalidated; any other GET under `/console/` is a client-side route and
 * answers index.html. A missing asset, or a missing build, is a 404 problem. `serve-static`
 * refuses paths that leave `dir` (`..`, encoded or not); those fall through to index.html.
 */
export function consoleStatic(dir: string): Router {
  const router = Router({ strict: true });
  router.get('/', redirectToTrailingSlash);
  router.use(
    '/assets',
    serveStatic(join(dir, 'assets'), {
      index: false,
      redirect: false,
      cacheControl: false,
      setHeaders: (response) => response.setHeader('Cache-Control', IMMUTABLE),
    }),
    (request: Request, response: Response, next: NextFunction) => {
      if (!isRead(request)) return next();
      notFound(request, response, `No console asset at ${pathOf(request)}.`);
    },
  );
  router.use(
    serveStatic(dir, {
      index: false,
      redirect: false,
      cacheControl: false,
      setHeaders: (response) => response.setHeader('Cache-Control', REVALIDATE),
    }),
  );
  router.use((request: Request, response: Response, next: NextFunction) => {
    if (!isRead(request)) return next();
    const missing = missingConsoleBuild(dir);
    if (missing) return notFound(request, response, missing);
    response.sendFile(
      'index.html',
      { root: dir, cacheControl: false, headers: { 'Cache-Control': REVALIDATE } },
      (error?: Error) => {
        if (error && !response.headersSent) next(error);
      },
    );
  });
  return router;
}

/** `/console` (no slash): the page's relative URLs need `/console/`. */
function redirectToTrailingSlash(request: Request, response: Response, next: NextFunction): void {
  const url = new URL(request.originalUrl, 'http://console');
  if (url.pathname !== CONSOLE_PATH) return next();
  response.redirect(301, `${CONSOLE_PATH}/${url.search}`);
}

function isRead(request: Request): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}

/** The path as requested (a mounted router's `request.path` lacks the mount point). */
function pathOf(request: Request): string {
  return new URL(request.originalUrl, 'http://console').pathname;
}

function notFound(request: Request, response: Response, detail: string): void {
  sendProblem(
    response,
    problemDetails(404, detail, { path: pathOf(request), correlationId: request.correlationId }),
  );
}
