import { Injectable } from '@nestjs/common';
import { type Alert, type Prisma } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import { anyFilter, boundedTotal } from '../common/pagination/bounded-total';
import { listOrder, readKeysetPage, type ListPage } from '../common/pagination/keyset-page';
import { NotFoundError, UnprocessableError, type FieldError } from '../common/errors/domain-errors';
import { type CreateAlertDto } from './dto/create-alert.dto';
import { type ListAlertsQueryDto } from './dto/list-alerts-query.dto';

@Injectable()
export class AlertsService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Queues an alert. Every target channel must exist and be active; they are locked (FOR SHARE)
   * until the alert is stored, so none can be deactivated or deleted in between.
   */
  async create(dto: CreateAlertDto): Promise<Alert> {
    const targetChannels = dto.target_channels.map((id) => id.toLowerCase());
    return this.prisma.$transaction(async (tx) => {
      const channels = await tx.$queryRaw<{ id: string; is_active: boolean }[]>`
        SELECT id::text AS id, is_active
          FROM publishing_channels
         WHERE id = ANY(${targetChannels}::uuid[])
           FOR SHARE`;
      const byId = new Map(channels.map((channel) => [channel.id, channel]));
      const errors = targetChannels.flatMap((id, index): FieldError[] => {
        const channel = byId.get(id);
        const field = `target_channels[${index}]`;
        if (!channel) return [{ field, message: `channel ${id} does not exist` }];
        if (!channel.is_active) return [{ field, message: `channel ${id} is not active` }];
        return [];
      });
      if (errors.length > 0) {
        throw new UnprocessableError(
          `Alerts go only to existing, active channels: ${errors.map((error) => `${error.field} ${error.message}`).join('; ')}.`,
          errors,
        );
      }
      return tx.alert.create({
        data: {
          contentId: dto.content_id.toLowerCase(),
          targetChannels,
          priority: dto.priority,
        },
      });
    });
  }

  async get(id: string): Promise<Alert> {
    const alert = await this.prisma.alert.findUnique({ where: { id: id.toLowerCase() } });
    if (!alert) throw new NotFoundError('Alert', id);
    return alert;
  }

  /** Newest first; `total_count` counts every alert that matches the filter. */
  async list(query: ListAlertsQueryDto): Promise<ListPage<Alert>> {
    const where: Prisma.AlertWhereInput = query.status ? { status: query.status } : {};
    const [page, total] = await Promise.all([
      readKeysetPage(query, 'desc', ({ bound, ...args }) =>
        this.prisma.alert.findMany({ ...args, where: { AND: [where, bound] } }),
      ),
      boundedTotal(this.prisma, 'publishing_alerts', anyFilter(query.status), (take) =>
        this.prisma.alert.count({ where, take, orderBy: listOrder('desc') }),
      ),
    ]);
    return { ...page, total };
  }
}
