import { Injectable } from '@nestjs/common';
import { Prisma, type PublicationStatus } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import {
  ConflictError,
  NotFoundError,
  UnprocessableError,
  type FieldError,
} from '../common/errors/domain-errors';
import type { CreatePublicationDto } from './dto/create-publication.dto';
import { anyFilter, boundedTotal } from '../common/pagination/bounded-total';
import { listOrder, readKeysetPage, type ListPage } from '../common/pagination/keyset-page';
import type { ListPublicationsQueryDto } from './dto/list-publications-query.dto';
import type { UpdatePublicationDto } from './dto/update-publication.dto';

/** Channels in the order the client gave them (rows written before that was kept: by id). */
const WITH_CHANNEL_IDS = {
  channels: { select: { channelId: true }, orderBy: [{ position: 'asc' }, { channelId: 'asc' }] },
} satisfies Prisma.PublicationInclude;

export type PublicationWithChannels = Prisma.PublicationGetPayload<{
  include: typeof WITH_CHANNEL_IDS;
}>;

const RETRY_DELAY_MS = 5 * 60_000;
@Injectable()
export class PublicationsService {
  constructor(private readonly db: PrismaService) {}

  create(dto: CreatePublicationDto): Promise<PublicationWithChannels> {
    return this.db.$transaction(async (tx) => {
      await assertUsable(tx, { channels: dto.channels, templateId: dto.template_id });
      return tx.publication.create({
        data: {
          publicationType: dto.publication_type,
          status: 'scheduled',
          scheduledTime: dto.scheduled_time ? new Date(dto.scheduled_time) : new Date(),
          contentIds: dto.content_ids ?? [],
          personalizationRules: toJson(dto.personalization_rules ?? {}),
          templateId: dto.template_id ?? null,
          channels: {
            create: dto.channels.map((channelId, position) => ({ channelId, position })),
          },
        },
        include: WITH_CHANNEL_IDS,
      });
    });
  }

  async list(query: ListPublicationsQueryDto): Promise<ListPage<PublicationWithChannels>> {
    const where = whereOf(query);
    const filtered = anyFilter(
      query.status,
      query.publication_type,
      query.channel_id,
      query.channel_type,
      query.scheduled_from,
      query.scheduled_to,
    );
    const [page, total] = await Promise.all([
      readKeysetPage(query, 'desc', ({ bound, ...args }) =>
        this.db.publication.findMany({
          ...args,
          where: { AND: [where, bound] },
          include: WITH_CHANNEL_IDS,
        }),
      ),
      boundedTotal(this.db, 'publishing_publications', filtered, (take) =>
        this.db.publication.count({ where, take, orderBy: listOrder('desc') }),
      ),
    ]);
    return { ...page, total };
  }

  async get(id: string): Promise<PublicationWithChannels> {
    const publication = await this.db.publication.findUnique({
      where: { id },
      include: WITH_CHANNEL_IDS,
    });
    if (!publication) throw new NotFoundError('Publication', id);
    return publication;
  }

  /** Only while scheduled: the row stays locked until the update commits. */
  update(id: string, dto: UpdatePublicationDto): Promise<PublicationWithChannels> {
    return this.db.$transaction(async (tx) => {
      const status = await lockStatus(tx, id);
      if (status !== 'scheduled') throw wrongState(id, status, 'updated', ['scheduled']);
      await assertUsable(tx, { channels: dto.channels, templateId: dto.template_id });
      if (dto.channels) {
        await tx.publicationChannel.deleteMany({ where: { publicationId: id } });
        await tx.publicationChannel.createMany({
          data: dto.channels.map((channelId, position) => ({
            publicationId: id,
            channelId,
            position,
          })),
        });
      }
      return tx.publication.update({
        where: { id },
        data: {
          scheduledTime: dto.scheduled_time ? new Date(dto.scheduled_time) : undefined,
          personalizationRules: dto.personalization_rules
            ? toJson(dto.personalization_rules)
            : undefined,
          templateId: dto.template_id,
        },
        include: WITH_CHANNEL_IDS,
      });
    });
  }

  cancel(id: string): Promise<PublicationWithChannels> {
    return this.transition(id, ['scheduled', 'processing'], 'cancelled', {
      status: 'cancelled',
    });
  }

  retry(id: string): Promise<PublicationWithChannels> {
    return this.transition(id, ['failed'], 'retried', {
      status: 'scheduled',
      scheduledTime: new Date(Date.now() + RETRY_DELAY_MS),
      errorDetails: null,
    });
  }

  /** One conditional UPDATE, so a concurrent status change cannot slip between check and write. */
  private async transition(
    id: string,
    from: PublicationStatus[],
    verb: string,
    data: Prisma.PublicationUpdateManyMutationInput,
  ): Promise<PublicationWithChannels> {
    const { count } = await this.db.publication.updateMany({
      where: { id, status: { in: from } },
      data,
    });
    if (count === 0) {
      const current = await this.db.publication.findUnique({
        where: { id },
        select: { status: true },
      });
      throw wrongState(id, current?.status, verb, from);
    }
    return this.get(id);
  }
}

function whereOf(query: ListPublicationsQueryDto): Prisma.PublicationWhereInput {
  const channelFilters: Prisma.PublicationWhereInput[] = [];
  if (query.channel_id)
    channelFilters.push({ channels: { some: { channelId: query.channel_id } } });
  if (query.channel_type) {
    channelFilters.push({
      channels: { some: { channel: { channelType: query.channel_type } } },
    });
  }
  return {
    status: query.status,
    publicationType: query.publication_type,
    scheduledTime: {
      gte: query.scheduled_from ? new Date(query.scheduled_from) : undefined,
      lt: query.scheduled_to ? new Date(query.scheduled_to) : undefined,
    },
    AND: channelFilters,
  };
}

async function lockStatus(
  tx: Prisma.TransactionClient,
  id: string,
): Promise<PublicationStatus | undefined> {
  const rows = await tx.$queryRaw<{ status: PublicationStatus }[]>`
    SELECT status::text AS status FROM publishing_publications WHERE id = ${id}::uuid FOR UPDATE`;
  return rows[0]?.status;
}

function wrongState(
  id: string,
  status: PublicationStatus | undefined,
  verb: string,
  allowed: PublicationStatus[],
): Error {
  if (status === undefined) return new NotFoundError('Publication', id);
  return new ConflictError(
    `Publication ${id} is ${status}; only ${allowed.join(' or ')} publications can be ${verb}.`,
  );
}

/**
 * Channels must exist and be active, the template too. Their rows stay share-locked until the
 * transaction ends, so they cannot be deactivated or deleted underneath the new publication.
 */
async function assertUsable(
  tx: Prisma.TransactionClient,
  references: { channels?: string[]; templateId?: string | null },
): Promise<void> {
  const errors = [
    ...(references.channels ? await channelErrors(tx, references.channels) : []),
    ...(references.templateId ? await templateErrors(tx, references.templateId) : []),
  ];
  if (errors.length > 0) {
    throw new UnprocessableError(
      `The publication refers to channels or a template that cannot be used: ${errors
        .map((error) => `${error.field} ${error.message}`)
        .join('; ')}.`,
      errors,
    );
  }
}

async function channelErrors(tx: Prisma.TransactionClient, ids: string[]): Promise<FieldError[]> {
  const rows = await tx.$queryRaw<{ id: string; is_active: boolean }[]>`
    SELECT id::text AS id, is_active FROM publishing_channels
     WHERE id = ANY(${ids}::uuid[]) FOR SHARE`;
  const isActive = new Map(rows.map((row) => [row.id, row.is_active]));
  return ids.flatMap((id, index): FieldError[] => {
    const active = isActive.get(id);
    if (active === undefined) {
      return [{ field: `channels[${index}]`, message: `channel ${id} does not exist` }];
    }
    return active ? [] : [{ field: `channels[${index}]`, message: `channel ${id} is not active` }];
  });
}

async function templateErrors(tx: Prisma.TransactionClient, id: string): Promise<FieldError[]> {
  const rows = await tx.$queryRaw<{ is_active: boolean }[]>`
    SELECT is_active FROM publishing_templates WHERE id = ${id}::uuid FOR SHARE`;
  const template = rows[0];
  if (!template) return [{ field: 'template_id', message: `template ${id} does not exist` }];
  return template.is_active
    ? []
    : [{ field: 'template_id', message: `template ${id} is not active` }];
}

/** Request bodies are parsed JSON, so their objects are JSON values. */
function toJson(value: Record<string, unknown>): Prisma.InputJsonObject {
  return value as Prisma.InputJsonObject;
}
