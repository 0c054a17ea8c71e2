import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { UnauthorizedError } from '../common/errors/domain-errors';
import { ApiKeysService, type AuthenticatedKey } from './api-keys.service';
import { FailedAuthenticationLimiter } from './failed-authentication-limiter';
import { IS_PUBLIC } from './public.decorator';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      apiKey?: AuthenticatedKey;
    }
  }
}

/** Every route needs `Authorization: Bearer <key>` or `X-API-Key: <key>`, unless marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly failedAuthentications: FailedAuthenticationLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
        context.getHandler(),
        context.getClass(),
      ])
    )
      return true;
    const request = context.switchToHttp().getRequest<Request>();
    const presented = presentedKey(request);
    if (!presented) {
      throw new UnauthorizedError(
        'An API key is required: send `Authorization: Bearer <key>` or `X-API-Key: <key>`.',
      );
    }
    const key = await this.failedAuthentications.authenticate(request, presented, (presented) =>
      this.apiKeys.authenticate(presented),
    );
    if (!key) throw new UnauthorizedError('The API key is invalid, expired or revoked.');
    request.apiKey = key;
    return true;
  }
}

function presentedKey(request: Request): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '')?.[1];
  return bearer ?? request.header('x-api-key') ?? undefined;
}
