import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { isCatchAllRoute } from './route-template';

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
      if (!layer.route || !layer.match?.(path) || isCatchAllRoute(layer.route)) continue;
      for (const [method, enabled] of Object.entries(layer.route.methods)) {
        if (enabled && method !== '_all') methods.add(method.toUpperCase());
      }
    }
    return [...methods].sort();
  }
}
