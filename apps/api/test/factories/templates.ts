import { uniqueName } from '@publishing/testing';

/** A valid email template body for POST /templates; every call has its own name. */
export function emailTemplateBody(overrides: Record<string, unknown> = {}) {
  return {
    name: uniqueName('Email template'),
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
