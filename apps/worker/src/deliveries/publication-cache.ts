import type { PrismaClient } from '@publishing/db';
import { CompiledTemplate } from '@publishing/templating';
import type { ChannelInfo } from '@publishing/channels';

export interface PublicationInfo {
  id: string;
  type: string;
  scheduledTime: Date;
  contentIds: string[];
  /** `personalization_rules` as stored: `renderPublication` reads its `variables`. */
  personalizationRules: unknown;
  /** `undefined` when the publication has no (active) template: the built-in one is used. */
  template?: CompiledTemplate;
  /** Template id and `updated_at`: an edited template is compiled again. */
  templateVersion?: string;
}

interface Entry<T> {
  value: T;
  loadedAt: number;
}

/**
 * Publications, their compiled templates and channels, loaded once per batch for the ids it
 * needs and kept for `ttlMs`: a template is parsed once per publication, not once per recipient,
 * and a changed channel configuration (a rotated secret, a new rate limit) applies within `ttlMs`.
 */
export class PublicationCache {
  private readonly publications = new Map<string, Entry<PublicationInfo>>();
  private readonly channels = new Map<string, Entry<ChannelInfo>>();

  constructor(
    private readonly db: PrismaClient,
    private readonly ttlMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  publication(id: string): PublicationInfo | undefined {
    return this.publications.get(id)?.value;
  }

  channel(id: string): ChannelInfo | undefined {
    return this.channels.get(id)?.value;
  }

  /** Makes sure every given publication and channel is loaded and fresh. */
  async load(publicationIds: Iterable<string>, channelIds: Iterable<string>): Promise<void> {
    const staleBefore = this.now() - this.ttlMs;
    const publications = [...new Set(publicationIds)].filter(
      (id) => (this.publications.get(id)?.loadedAt ?? -Infinity) < staleBefore,
    );
    const channels = [...new Set(channelIds)].filter(
      (id) => (this.channels.get(id)?.loadedAt ?? -Infinity) < staleBefore,
    );
    await Promise.all([this.loadPublications(publications), this.loadChannels(channels)]);
    this.evict(staleBefore - this.ttlMs);
  }

  private async loadPublications(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await this.db.publication.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        publicationType: true,
        scheduledTime: true,
        contentIds: true,
        personalizationRules: true,
        template: {
          select: {
            id: true,
            templateType: true,
            contentStructure: true,
            variableDefinitions: true,
            isActive: true,
            updatedAt: true,
          },
        },
      },
    });
    const loadedAt = this.now();
    for (const row of rows) {
      const previous = this.publications.get(row.id)?.value;
      const template = row.template?.isActive ? row.template : undefined;
      const templateVersion = template && `${template.id}@${template.updatedAt.toISOString()}`;
      const compiled = !template
        ? undefined
        : previous?.template && previous.templateVersion === templateVersion
          ? previous.template
          : new CompiledTemplate({
              contentStructure: template.contentStructure,
              variableDefinitions: template.variableDefinitions,
              templateType: template.templateType,
            });
      this.publications.set(row.id, {
        loadedAt,
        value: {
          id: row.id,
          type: row.publicationType,
          scheduledTime: row.scheduledTime,
          contentIds: row.contentIds,
          personalizationRules: row.personalizationRules,
          template: compiled,
          templateVersion,
        },
      });
    }
  }

  private async loadChannels(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const rows = await this.db.channel.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, channelType: true, configuration: true },
    });
    const loadedAt = this.now();
    for (const row of rows) {
      this.channels.set(row.id, {
        loadedAt,
        value: {
          id: row.id,
          name: row.name,
          type: row.channelType,
          configuration: isRecord(row.configuration) ? row.configuration : {},
        },
      });
    }
  }

  private evict(before: number): void {
    for (const map of [this.publications, this.channels] as Map<string, Entry<unknown>>[]) {
      for (const [id, entry] of map) if (entry.loadedAt < before) map.delete(id);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
