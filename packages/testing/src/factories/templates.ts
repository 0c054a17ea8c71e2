import type { Prisma, PrismaClient, Template } from '@publishing/db';
import { uniqueName } from './unique';

/** A template row: an active Slack template saying "Hello" unless overridden. */
export function insertTemplate(
  db: PrismaClient,
  overrides: Partial<Prisma.TemplateUncheckedCreateInput> = {},
): Promise<Template> {
  return db.template.create({
    data: {
      name: uniqueName('template'),
      templateType: 'slack',
      contentStructure: { text: 'Hello' },
      ...overrides,
    },
  });
}
