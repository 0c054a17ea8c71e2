import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { definitionOf, hostRefusal, type TargetPolicy } from '@publishing/channels';
import type { ChannelType } from '@publishing/db';
import type { FieldError } from '../common/errors/domain-errors';
import type { ApiConfig } from '../config/app-config';

/**
 * Where channels may send (ALLOW_PRIVATE_TARGETS), for the API's test sends and for its checks of
 * a configuration on create and update. Each type's definition names its target field.
 */
@Injectable()
export class ChannelTargets {
  readonly policy: TargetPolicy;

  constructor(config: ConfigService<ApiConfig, true>) {
    this.policy = { allowPrivateTargets: config.get('ALLOW_PRIVATE_TARGETS', { infer: true }) };
  }

  /** The configuration field naming where a channel of `type` sends. */
  targetField(type: ChannelType): string | undefined {
    const target = definitionOf(type)?.target;
    return target ? `configuration.${target.field}` : undefined;
  }

  /**
   * Targets refused by name alone: `localhost` names and non-public IP literals. A name that
   * resolves to a non-public address is refused when a send resolves it.
   */
  configurationErrors(type: ChannelType, configuration: Record<string, unknown>): FieldError[] {
    const target = definitionOf(type)?.target;
    if (this.policy.allowPrivateTargets || !target) return [];
    const host = hostOf(target.kind, configuration[target.field]);
    const range = host === undefined ? undefined : hostRefusal(host);
    if (!range) return [];
    return [
      {
        field: `configuration.${target.field}`,
        message: `must point to a public address (this one is ${range}); private targets need ALLOW_PRIVATE_TARGETS=true on the server`,
      },
    ];
  }
}

/** The host a configuration value points to; undefined when it is malformed (reported elsewhere). */
function hostOf(kind: 'url' | 'host', value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (kind === 'host') return value.trim();
  try {
    return new URL(value).hostname;
  } catch {
    return undefined;
  }
}
