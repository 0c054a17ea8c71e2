import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Prisma, PublicationType } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import {
  CompiledTemplate,
  escapeHtml,
  renderPublication,
  textToHtml,
} from '@publishing/templating';
import { NotFoundError } from '../common/errors/domain-errors';
import type { ApiConfig } from '../config/app-config';
import { API_PREFIX } from '../configure-app';
import { FeedNotFoundError } from './feed-not-found.error';
import type { RssFeed, RssItem } from './rss-document';
import { formatTimestamp } from '../common/format-timestamp';
import { isStorableInstant } from '../common/storable-instant';

/** Readers poll; the newest 50 items are what every feed reader shows anyway. */
export const FEED_ITEM_LIMIT = 50;
/** Matches `Cache-Control: max-age=60` on the response. */
export const FEED_TTL_SECONDS = 60;

const publicationSelect = {
  id: true,
  publicationType: true,
  scheduledTime: true,
  publishedTime: true,
  contentIds: true,
  personalizationRules: true,
  template: {
    select: { id: true, templateType: true, contentStructure: true, variableDefinitions: true },
  },
} satisfies Prisma.PublicationSelect;

type FeedPublication = Prisma.PublicationGetPayload<{ select: typeof publicationSelect }>;

interface FeedChannel {
  id: string;
  name: string;
}

@Injectable()
export class FeedsService {
  constructor(
    private readonly db: PrismaService,
    private readonly config: ConfigService<ApiConfig, true>,
  ) {}

  /**
   * The RSS feed of a channel of type `rss`: its completed publications, newest first. An unknown
   * channel is a 404, and so is a channel of another type or an inactive one: the feed, which is
   * the resource at this URL, does not exist (409 would suggest a state the client could change
   * by retrying).
   */
  async channelFeed(channelId: string): Promise<RssFeed> {
    const channel = await this.db.channel.findUnique({
      where: { id: channelId },
      select: { id: true, name: true, channelType: true, isActive: true, configuration: true },
    });
    if (!channel) throw new NotFoundError('Channel', channelId);
    if (channel.channelType !== 'rss') {
      throw new FeedNotFoundError(
        `Channel ${channelId} has no RSS feed: only channels of type rss have one. → Link the publication to an rss channel.`,
      );
    }
    if (!channel.isActive) {
      throw new FeedNotFoundError(
        `Channel ${channelId} is inactive, so its feed is not served. → Activate the channel to publish its feed.`,
      );
    }

    const publications = await this.db.publication.findMany({
      where: { status: 'completed', channels: { some: { channelId } } },
      orderBy: [{ publishedTime: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
      take: FEED_ITEM_LIMIT,
      select: publicationSelect,
    });

    const configuration = recordOf(channel.configuration);
    const selfUrl = `${this.config.get('API_BASE_URL', { infer: true })}/${API_PREFIX}/channels/${channel.id}/feed.rss`;
    const title = nonEmptyString(configuration.feed_title) ?? channel.name;
    const templates = new Map<string, CompiledTemplate>();
    return {
      title,
      link: httpUrl(configuration.site_url) ?? selfUrl,
      description: nonEmptyString(configuration.feed_description) ?? `Publications of ${title}`,
      selfUrl,
      ttlMinutes: FEED_TTL_SECONDS / 60,
      items: publications.map((publication) => feedItem(publication, channel, templates)),
    };
  }
}

/**
 * Title and description come from the publication's template rendered as an email (subject and
 * text body), the way subscribers received it, with the publication's
 * `personalization_rules.variables`; there is no subscriber in a public feed. A publication
 * without a template, or whose template needs per-subscriber values or no longer renders, gets
 * "Newsletter of 2025-11-25". Templates are rendered as they are now: an edited template changes
 * the titles of items already published.
 */
function feedItem(
  publication: FeedPublication,
  channel: FeedChannel,
  templates: Map<string, CompiledTemplate>,
): RssItem {
  const published =
    publication.publishedTime && isStorableInstant(publication.publishedTime)
      ? publication.publishedTime
      : undefined;
  const fallback: RssItem = {
    guid: publication.id,
    title: fallbackTitle(publication.publicationType, published ?? publication.scheduledTime),
    pubDate: published,
  };
  const source = publication.template;
  if (!source) return fallback;
  let template = templates.get(source.id);
  if (!template) {
    template = new CompiledTemplate({
      contentStructure: source.contentStructure,
      variableDefinitions: source.variableDefinitions,
      templateType: source.templateType,
    });
    templates.set(source.id, template);
  }
  // The same built-ins a delivery gives a template, minus the subscriber and its unsubscribe link.
  const rendered = renderPublication({
    template,
    publication: {
      id: publication.id,
      type: publication.publicationType,
      scheduledTime: publication.scheduledTime,
      contentIds: publication.contentIds,
      personalizationRules: publication.personalizationRules,
    },
    channel: { id: channel.id, name: channel.name, type: 'rss' },
    format: 'email',
  });
  if (!rendered.ok || rendered.message.channelType !== 'email') return fallback;
  const descriptionHtml = textToHtml(rendered.message.text, escapeHtml);
  return {
    ...fallback,
    title: rendered.message.subject.trim() || fallback.title,
    descriptionHtml: descriptionHtml || undefined,
  };
}

function fallbackTitle(type: PublicationType, date: Date): string {
  const label = type.charAt(0).toUpperCase() + type.slice(1);
  return `${label} of ${formatTimestamp(date)?.slice(0, 10) ?? 'an unknown date'}`;
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
