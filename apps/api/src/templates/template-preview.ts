import type { TemplateType } from '@publishing/db';
import {
  BUILTIN_VARIABLES,
  TemplateRenderError,
  TemplateSyntaxError,
  TemplateVariablesError,
  readVariableDefinitions,
  renderForChannel,
  resolveVariables,
  unsubscribeUrl,
  type RenderedMessage,
} from '@publishing/templating';
import { UnprocessableError } from '../common/errors/domain-errors';
import type { JsonRecord, TemplateFieldError } from './template-structure';

export interface PreviewSource {
  templateType: TemplateType;
  contentStructure: unknown;
  variableDefinitions: unknown;
}

export interface TemplatePreview {
  /** email `{subject, html, text}`, slack and discord `{text}`, webhook `{payload}`. */
  rendered: JsonRecord;
  /** Each declared variable with the value the render used (given, else its default). */
  variables: JsonRecord;
}

const PREVIEW_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Renders a template the way the worker renders it for its own channel type, with the given
 * sample variables. The built-ins the worker fills in per delivery get sample values (a
 * `subscriber@example.com` subscriber, a newsletter scheduled now, an unsubscribe link with a
 * `preview` token) that `variables` may override. A name that is neither declared nor built in,
 * a missing required variable or a value of the wrong type is a 422 naming `variables.<name>`.
 */
export function renderPreview(
  template: PreviewSource,
  given: JsonRecord,
  apiBaseUrl: string,
): TemplatePreview {
  const definitions = readVariableDefinitions(template.variableDefinitions);
  const builtins = new Set<string>(BUILTIN_VARIABLES);
  const errors: TemplateFieldError[] = Object.keys(given)
    .filter((name) => !Object.hasOwn(definitions, name) && !builtins.has(name))
    .map((name) => ({ field: `variables.${name}`, message: 'is not declared by the template' }));
  let resolved: JsonRecord = {};
  try {
    resolved = resolveVariables(definitions, given);
  } catch (error) {
    if (!(error instanceof TemplateVariablesError)) throw error;
    errors.push(
      ...error.problems.map((problem) => ({
        field: `variables.${problem.name}`,
        message: problem.message,
      })),
    );
  }
  if (errors.length > 0) {
    throw new UnprocessableError(
      `The preview variables are invalid: ${errors.map((error) => `${error.field} ${error.message}`).join('; ')}.`,
      errors,
    );
  }

  const samples: JsonRecord = {
    subscriber: { id: PREVIEW_ID, email: 'subscriber@example.com', data: {} },
    publication: {
      id: PREVIEW_ID,
      type: 'newsletter',
      scheduled_time: new Date().toISOString(),
      content_ids: [],
    },
    channel: { id: PREVIEW_ID, name: 'Preview', type: template.templateType },
    unsubscribe_url: unsubscribeUrl(apiBaseUrl, 'preview'),
  };
  const message = render(template, { ...samples, ...given });
  return {
    rendered: presentMessage(message),
    variables: Object.fromEntries(
      Object.keys(definitions)
        .filter((name) => Object.hasOwn(resolved, name))
        .map((name) => [name, resolved[name]]),
    ),
  };
}

function render(template: PreviewSource, variables: JsonRecord): RenderedMessage {
  try {
    return renderForChannel(
      {
        contentStructure: template.contentStructure,
        variableDefinitions: template.variableDefinitions,
        templateType: template.templateType,
      },
      template.templateType,
      variables,
    );
  } catch (error) {
    if (error instanceof TemplateSyntaxError) {
      throw new UnprocessableError(
        error.message,
        error.problems.map((problem) => ({
          field: problem.path,
          message: problem.message,
          line: problem.line,
          column: problem.column,
        })),
      );
    }
    // A render that hit a sandbox limit (time, memory) with these values.
    if (error instanceof TemplateRenderError) {
      const problems: TemplateFieldError[] = [
        {
          field: error.location.path,
          message: error.message,
          line: error.location.line,
          column: error.location.column,
        },
      ];
      throw new UnprocessableError(
        `${error.message}. → Simplify the template or its loops.`,
        problems,
      );
    }
    throw error;
  }
}

function presentMessage(message: RenderedMessage): JsonRecord {
  switch (message.channelType) {
    case 'email':
      return { subject: message.subject, html: message.html, text: message.text };
    case 'slack':
      return { text: message.payload.text };
    case 'discord':
      return { text: message.payload.content };
    case 'webhook':
      return { payload: message.payload };
  }
}
