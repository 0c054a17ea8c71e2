import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { hostRefusal, type TargetPolicy } from '@publishing/channels';
import type { ChannelType } from '@publishing/db';
import type { FieldError } from '../common/errors/domain-errors';
import type { ApiConfig } from '../config/app-config';
import { TARGET_URL_KEY, type ChannelConfiguration } from './channel-configuration';

/**
 * Where channels may send (ALLOW_PRIVATE_TARGETS), for the API's test sends and for its checks of
 * a configuration on create and update.
 */
@Injectable()
export class ChannelTargets {
  readonly policy: TargetPolicy;

  constructor(config: ConfigService<ApiConfig, true>) {
    this.policy = { allowPrivateTargets: config.get('ALLOW_PRIVATE_TARGETS', { infer: true }) };
  }

  /** The configuration field naming where a channel of `type` sends. */
  targetField(type: ChannelType): string | undefined {
    const key = targetKey(type);
    return key ? `configuration.${key}` : undefined;
  }

  /**
   * Targets refused by name alone: `localhost` names and non-public IP literals. A name that
   * resolves to a non-public address is refused when a send resolves it.
   */
  configurationErrors(type: ChannelType, configuration: ChannelConfiguration): FieldError[] {
    const key = targetKey(type);
    if (this.policy.allowPrivateTargets || !key) return [];
    const host = hostOf(type, configuration[key]);
    const range = host === undefined ? undefined : hostRefusal(host);
    if (!range) return [];
    return [
      {
        field: `configuration.${key}`,
        message: `must point to a public address (this one is ${range}); private targets need ALLOW_PRIVATE_TARGETS=true on the server`,
      },
    ];
  }
}

function targetKey(type: ChannelType): string | undefined {
  return type === 'email' ? 'smtp_host' : TARGET_URL_KEY[type];
}

/** The host a configuration value points to; undefined when it is malformed (reported elsewhere). */
function hostOf(type: ChannelType, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (type === 'email') return value;
  try {
    return new URL(value).hostname;
  } catch {
    return undefined;
  }
}
