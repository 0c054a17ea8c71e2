import { Injectable } from '@nestjs/common';
import { restoreMaskedSecrets, validateChannelConfiguration } from '@publishing/channels';
import { Prisma, type Channel, type ChannelType } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import {
  ConflictError,
  NotFoundError,
  UnprocessableError,
  type FieldError,
} from '../common/errors/domain-errors';
import { anyFilter, boundedTotal } from '../common/pagination/bounded-total';
import { listOrder, readKeysetPage, type ListPage } from '../common/pagination/keyset-page';
import { ChannelTargets } from './channel-targets';
import { containsText } from '../common/contains-filter';
import { ChannelTestSender, type ChannelTestResult } from './channel-test-sender';
import type { CreateChannelDto } from './dto/create-channel.dto';
import type { ListChannelsQueryDto } from './dto/list-channels-query.dto';
import type { UpdateChannelDto } from './dto/update-channel.dto';

export type ChannelRemoval =
  | { id: string; deleted: true; deactivated: false }
  | { id: string; deleted: false; deactivated: true; publication_count: number; detail: string };

const IN_FLIGHT_STATUSES = ['scheduled', 'processing'] as const;

@Injectable()
export class ChannelsService {
  constructor(
    private readonly db: PrismaService,
    private readonly testSender: ChannelTestSender,
    private readonly targets: ChannelTargets,
  ) {}

  async list(query: ListChannelsQueryDto): Promise<ListPage<Channel>> {
    const where: Prisma.ChannelWhereInput = {
      channelType: query.channel_type,
      isActive: query.is_active,
      name: query.name ? containsText(query.name) : undefined,
    };
    const filtered = anyFilter(query.channel_type, query.is_active, query.name);
    const [page, total] = await Promise.all([
      readKeysetPage(query, 'desc', ({ bound, ...args }) =>
        this.db.channel.findMany({ ...args, where: { AND: [where, bound] } }),
      ),
      boundedTotal(this.db, 'publishing_channels', filtered, (take) =>
        this.db.channel.count({ where, take, orderBy: listOrder('desc') }),
      ),
    ]);
    return { ...page, total };
  }

  async get(id: string): Promise<Channel> {
    const channel = await this.db.channel.findUnique({ where: { id } });
    if (!channel) throw new NotFoundError('Channel', id);
    return channel;
  }

  async create(input: CreateChannelDto): Promise<Channel> {
    // Nothing is stored yet, so a masked value can only be a mistake: restoring against {} refuses it.
    const configuration = this.checkedConfiguration(input.channel_type, input.configuration, {});
    try {
      return await this.db.channel.create({
        data: {
          name: input.name,
          channelType: input.channel_type,
          configuration,
          isActive: input.is_active,
        },
      });
    } catch (error) {
      throw nameConflictOr(error, input.name);
    }
  }

  async update(id: string, input: UpdateChannelDto): Promise<Channel> {
    const channel = await this.get(id);
    if (input.channel_type !== undefined && input.channel_type !== channel.channelType) {
      throw new UnprocessableError(
        `A channel's type cannot change (${channel.channelType}); create a new ${input.channel_type} channel instead.`,
        [{ field: 'channel_type', message: 'cannot be changed' }],
      );
    }
    const configuration =
      input.configuration === undefined
        ? undefined
        : this.checkedConfiguration(
            channel.channelType,
            input.configuration,
            channel.configuration,
          );
    try {
      return await this.db.channel.update({
        where: { id },
        data: { name: input.name, isActive: input.is_active, configuration },
      });
    } catch (error) {
      throw nameConflictOr(error, input.name ?? channel.name);
    }
  }

  /**
   * Publications keep their channels (the foreign key restricts deletes), so:
   * - in use by scheduled or processing publications: refused (409), those still need it;
   * - used only by finished publications: deactivated, kept for their history and analytics;
   * - never used: deleted, with its subscriptions.
   */
  async remove(id: string): Promise<ChannelRemoval> {
    await this.get(id);
    const [inFlight, publicationCount] = await Promise.all([
      this.db.publicationChannel.count({
        where: { channelId: id, publication: { status: { in: [...IN_FLIGHT_STATUSES] } } },
      }),
      this.db.publicationChannel.count({ where: { channelId: id } }),
    ]);
    if (inFlight > 0) {
      throw new ConflictError(
        `Channel ${id} is used by ${inFlight} scheduled or processing publication(s); cancel them or let them finish before deleting it.`,
      );
    }
    if (publicationCount > 0) {
      await this.db.channel.update({ where: { id }, data: { isActive: false } });
      return {
        id,
        deleted: false,
        deactivated: true,
        publication_count: publicationCount,
        detail: `Channel ${id} is referenced by ${publicationCount} finished publication(s), so it was deactivated instead of deleted.`,
      };
    }
    await this.db.channel.delete({ where: { id } });
    return { id, deleted: true, deactivated: false };
  }

  async sendTest(id: string, testEmail?: string): Promise<ChannelTestResult> {
    const channel = await this.get(id);
    if (!channel.isActive) {
      throw new ConflictError(
        `Channel ${id} is inactive; activate it before sending a test message.`,
      );
    }
    return this.testSender.send(channel, testEmail);
  }

  /**
   * Masked values sent back take the stored secrets, then the type's definition validates the
   * result (`@publishing/channels`) and the target policy checks where it points.
   */
  private checkedConfiguration(
    type: ChannelType,
    incoming: Record<string, unknown>,
    stored: unknown,
  ): Prisma.InputJsonObject {
    const restored = restoreMaskedSecrets(type, incoming, stored);
    const validated = validateChannelConfiguration(type, restored.configuration);
    const errors: FieldError[] = [
      ...restored.errors,
      ...validated.errors,
      ...this.targets.configurationErrors(type, validated.configuration),
    ];
    if (errors.length > 0) {
      const problems = errors.map((error) => `${error.field} ${error.message}`).join('; ');
      throw new UnprocessableError(`Invalid ${type} channel configuration: ${problems}.`, errors);
    }
    // Parsed from a JSON body (or read from a jsonb column): every value is JSON.
    return validated.configuration as Prisma.InputJsonObject;
  }
}

/** The channel's only unique column besides its generated id is its name. */
function nameConflictOr(error: unknown, name: string): unknown {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
    ? new ConflictError(`Channel with name '${name}' already exists.`)
    : error;
}
