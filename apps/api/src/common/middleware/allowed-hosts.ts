import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { problemDetails } from '../errors/problem-details';
import { sendProblem } from '../errors/send-problem';

/** Refuses requests whose Host is not listed (when a list is configured): DNS-rebinding and host-header attacks. */
export function allowedHosts(hosts: string[]): RequestHandler {
  const allowed = new Set(hosts.map((host) => host.toLowerCase()));
  return (request: Request, response: Response, next: NextFunction) => {
    const host = (request.hostname ?? '').toLowerCase();
    if (allowed.size === 0 || allowed.has('*') || allowed.has(host)) return next();
    sendProblem(response, problemDetails(400, `Host "${host}" is not allowed.`, request));
  };
}
