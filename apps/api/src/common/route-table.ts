import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { isCatchAllRoute } from './route-template';

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match?: (path: string) => boolean;
}

export interface Endpoint {
  method: string;
  /** Express's template: `/api/v1/channels/:id`. */
  path: string;
}

/** The application's endpoints as Express routes them: which methods a path answers, and all of them. */
@Injectable()
export class RouteTable {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Which methods the application answers on a path, to tell 405 from 404. */
  methodsFor(path: string): string[] {
    const methods = new Set<string>();
    for (const layer of this.layers()) {
      if (!layer.route || !layer.match?.(path) || isCatchAllRoute(layer.route)) continue;
      for (const [method, enabled] of Object.entries(layer.route.methods)) {
        if (enabled && method !== '_all') methods.add(method.toUpperCase());
      }
    }
    return [...methods].sort();
  }

  /** Every endpoint, in registration order. */
  endpoints(): Endpoint[] {
    const endpoints: Endpoint[] = [];
    for (const { route } of this.layers()) {
      if (!route || isCatchAllRoute(route)) continue;
      for (const [method, enabled] of Object.entries(route.methods)) {
        if (enabled && method !== '_all')
          endpoints.push({ method: method.toUpperCase(), path: route.path });
      }
    }
    return endpoints;
  }

  private layers(): RouterLayer[] {
    const instance = this.adapterHost.httpAdapter?.getInstance<
      { router?: { stack?: RouterLayer[] } } | undefined
    >();
    return instance?.router?.stack ?? [];
  }
}
