import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, problemDetails } from '../errors/problem-details';

/** Refuses requests whose Host is not listed (when a list is configured): DNS-rebinding and host-header attacks. */
export function allowedHosts(hosts: string[]): RequestHandler {
  const allowed = new Set(hosts.map((host) => host.toLowerCase()));
  return (request: Request, response: Response, next: NextFunction) => {
    const host = (request.hostname ?? '').toLowerCase();
    if (allowed.size === 0 || allowed.has('*') || allowed.has(host)) return next();
    response
      .status(400)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify(problemDetails(400, `Host "${host}" is not allowed.`, request)));
  };
}
