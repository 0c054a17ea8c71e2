import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Prisma, type Template } from '@publishing/db';
import { PrismaService } from '@publishing/db/nest';
import {
  ConflictError,
  NotFoundError,
  UnprocessableError,
  type FieldError,
} from '../common/errors/domain-errors';
import { anyFilter, boundedTotal } from '../common/pagination/bounded-total';
import { listOrder, readKeysetPage, type ListPage } from '../common/pagination/keyset-page';
import type { ApiConfig } from '../config/app-config';
import type { CreateTemplateDto } from './dto/create-template.dto';
import type { ListTemplatesQueryDto } from './dto/list-templates-query.dto';
import type { UpdateTemplateDto } from './dto/update-template.dto';
import { renderPreview, type TemplatePreview } from './template-preview';
import {
  isRecord,
  templateStructureErrors,
  type JsonRecord,
  type TemplateStructure,
} from './template-structure';
import { withUsageCounts } from './template-usage';

/** Publications in these states still need their template. */
const PENDING_PUBLICATION_STATUSES = ['scheduled', 'processing'] as const;

@Injectable()
export class TemplatesService {
  constructor(
    private readonly db: PrismaService,
    private readonly config: ConfigService<ApiConfig, true>,
  ) {}

  async list(query: ListTemplatesQueryDto): Promise<ListPage<Template>> {
    const where: Prisma.TemplateWhereInput = {
      templateType: query.template_type,
      isActive: query.is_active,
    };
    const filtered = anyFilter(query.template_type, query.is_active);
    const [page, total] = await Promise.all([
      readKeysetPage(query, 'desc', ({ bound, ...args }) =>
        this.db.template.findMany({ ...args, where: { AND: [where, bound] } }),
      ),
      boundedTotal(this.db, 'publishing_templates', filtered, (take) =>
        this.db.template.count({ where, take, orderBy: listOrder('desc') }),
      ),
    ]);
    return { ...page, rows: await withUsageCounts(this.db, page.rows), total };
  }

  create(dto: CreateTemplateDto): Promise<Template> {
    const variableDefinitions = dto.variable_definitions ?? {};
    assertValid({
      templateType: dto.template_type,
      contentStructure: dto.content_structure,
      variableDefinitions,
    });
    return this.db.template.create({
      data: {
        name: dto.name,
        templateType: dto.template_type,
        contentStructure: toJson(dto.content_structure),
        formattingRules: toJson(dto.formatting_rules ?? {}),
        brandingElements: toJson(dto.branding_elements ?? {}),
        variableDefinitions: toJson(variableDefinitions),
        isActive: dto.is_active ?? true,
      },
    });
  }

  async get(id: string): Promise<Template> {
    const template = await this.db.template.findUnique({ where: { id } });
    if (!template) throw new NotFoundError('Template', id);
    const [counted] = await withUsageCounts(this.db, [template]);
    return counted ?? template;
  }

  /** Partial update; the structure is revalidated as it will be stored when any part of it changes. */
  async update(id: string, dto: UpdateTemplateDto): Promise<Template> {
    const updated = await this.db.$transaction(async (tx) => {
      const current = await lockTemplate(tx, id);
      if (dto.template_type || dto.content_structure || dto.variable_definitions) {
        assertValid({
          templateType: dto.template_type ?? current.templateType,
          contentStructure: dto.content_structure ?? asRecord(current.contentStructure),
          variableDefinitions: dto.variable_definitions ?? asRecord(current.variableDefinitions),
        });
      }
      return tx.template.update({
        where: { id },
        data: {
          name: dto.name,
          templateType: dto.template_type,
          contentStructure: dto.content_structure && toJson(dto.content_structure),
          formattingRules: dto.formatting_rules && toJson(dto.formatting_rules),
          brandingElements: dto.branding_elements && toJson(dto.branding_elements),
          variableDefinitions: dto.variable_definitions && toJson(dto.variable_definitions),
          isActive: dto.is_active,
        },
      });
    });
    const [counted] = await withUsageCounts(this.db, [updated]);
    return counted ?? updated;
  }

  /**
   * Refused while scheduled or processing publications use the template. The row lock makes a
   * publication created concurrently either visible to the count or fail its foreign key.
   */
  async remove(id: string): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await lockTemplate(tx, id);
      const pending = await tx.publication.count({
        where: { templateId: id, status: { in: [...PENDING_PUBLICATION_STATUSES] } },
      });
      if (pending > 0) {
        throw new ConflictError(
          `Template ${id} is used by ${pending} scheduled or processing publication(s); cancel them or give them another template first.`,
        );
      }
      await tx.template.delete({ where: { id } });
    });
  }

  /** Renders the stored template for its own channel type, as the worker would deliver it. */
  async preview(
    id: string,
    variables: JsonRecord,
  ): Promise<{ template: Template } & TemplatePreview> {
    const template = await this.get(id);
    const structureErrors = templateStructureErrors(structureOf(template));
    if (structureErrors.length > 0) {
      throw new UnprocessableError(
        `Template ${id} is stored with an invalid structure; update it before previewing: ${describe(structureErrors)}.`,
        structureErrors,
      );
    }
    return {
      template,
      ...renderPreview(
        structureOf(template),
        variables,
        this.config.get('API_BASE_URL', { infer: true }),
      ),
    };
  }
}

async function lockTemplate(tx: Prisma.TransactionClient, id: string): Promise<Template> {
  await tx.$queryRaw`SELECT 1 FROM publishing_templates WHERE id = ${id}::uuid FOR UPDATE`;
  const template = await tx.template.findUnique({ where: { id } });
  if (!template) throw new NotFoundError('Template', id);
  return template;
}

function assertValid(structure: TemplateStructure): void {
  const errors = templateStructureErrors(structure);
  if (errors.length > 0) {
    throw new UnprocessableError(`The template is invalid: ${describe(errors)}.`, errors);
  }
}

function structureOf(template: Template): TemplateStructure {
  return {
    templateType: template.templateType,
    contentStructure: asRecord(template.contentStructure),
    variableDefinitions: asRecord(template.variableDefinitions),
  };
}

function asRecord(value: Prisma.JsonValue): JsonRecord {
  return isRecord(value) ? value : {};
}

/** Request bodies are parsed JSON, so their objects are JSON values. */
function toJson(value: JsonRecord): Prisma.InputJsonObject {
  return value as Prisma.InputJsonObject;
}

function describe(errors: FieldError[]): string {
  return errors.map((error) => `${error.field} ${error.message}`).join('; ');
}
