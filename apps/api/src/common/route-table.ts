import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { METHODS } from 'node:http';

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match?: (path: string) => boolean;
}

/** Which methods the application answers on a path, to tell 405 from 404. */
@Injectable()
export class RouteTable {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  methodsFor(path: string): string[] {
    const instance = this.adapterHost.httpAdapter?.getInstance<
      { router?: { stack?: RouterLayer[] } } | undefined
    >();
    const methods = new Set<string>();
    for (const layer of instance?.router?.stack ?? []) {
      if (!layer.route || !layer.match?.(path) || answersEveryMethod(layer.route.methods)) continue;
      for (const [method, enabled] of Object.entries(layer.route.methods)) {
        if (enabled && method !== '_all') methods.add(method.toUpperCase());
      }
    }
    return [...methods].sort();
  }
}

/** Middleware bound to paths (the request logger's) sits in the router as a route for every method. */
function answersEveryMethod(methods: Record<string, boolean>): boolean {
  return METHODS.every((method) => methods[method.toLowerCase()] === true);
}
