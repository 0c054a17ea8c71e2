import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient, Template } from '@publishing/db';

/** A valid email template body for POST /templates; every call has its own name. */
export function emailTemplateBody(overrides: Record<string, unknown> = {}) {
  return {
    name: `Email template ${randomUUID()}`,
    template_type: 'email',
    content_structure: {
      subject: 'Hello {{ first_name }}',
      body_html: '<p>Hi {{ first_name }}, {{ count }} new posts</p>',
      body_text: 'Hi {{first_name}}, {{ count }} new posts',
    },
    variable_definitions: {
      first_name: { type: 'string', required: true },
      count: { type: 'number', default: 3 },
    },
    ...overrides,
  };
}

/** A template row written directly (a slack one by default). */
export function createTemplate(
  db: PrismaClient,
  data: Partial<Prisma.TemplateUncheckedCreateInput> = {},
): Promise<Template> {
  return db.template.create({
    data: {
      name: `Template ${randomUUID()}`,
      templateType: 'slack',
      contentStructure: { text: 'Hello' },
      ...data,
    },
  });
}
