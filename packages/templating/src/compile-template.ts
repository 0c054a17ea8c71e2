import { syntaxProblem, TemplateRenderError, TemplateSyntaxError } from './errors';
import { liquidEngine, type EscapeMode, type LiquidTemplate } from './liquid-engine';
import {
  isRecord,
  readVariableDefinitions,
  type VariableDefinitions,
} from './variable-definitions';

/** A stored template as the database holds it (`content_structure`, `variable_definitions`). */
export interface TemplateSource {
  contentStructure: unknown;
  variableDefinitions?: unknown;
  /** The template's own type (email, slack, discord, webhook); informative only. */
  templateType?: string;
}

/**
 * A template whose strings are parsed on first use and kept, so rendering it for thousands of
 * recipients parses each string once per escape mode.
 */
export class CompiledTemplate {
  readonly content: Record<string, unknown>;
  readonly definitions: VariableDefinitions;
  readonly templateType: string | undefined;
  private readonly parsed = new Map<string, LiquidTemplate[]>();

  constructor(source: TemplateSource) {
    this.content = isRecord(source.contentStructure) ? source.contentStructure : {};
    this.definitions = readVariableDefinitions(source.variableDefinitions);
    this.templateType = source.templateType;
  }

  /** Renders one template string found at `path` with the given escape mode. */
  renderString(
    path: string,
    source: string,
    mode: EscapeMode,
    scope: Record<string, unknown>,
  ): string {
    const key = `${mode}\u0000${path}`;
    let templates = this.parsed.get(key);
    const engine = liquidEngine(mode);
    if (!templates) {
      try {
        templates = engine.parse(source);
      } catch (error) {
        throw new TemplateSyntaxError([syntaxProblem(path, error)]);
      }
      this.parsed.set(key, templates);
    }
    try {
      return String(engine.renderSync(templates, scope));
    } catch (error) {
      const problem = syntaxProblem(path, error);
      throw new TemplateRenderError(problem, problem.message);
    }
  }
}

export function compileTemplate(source: TemplateSource | CompiledTemplate): CompiledTemplate {
  return source instanceof CompiledTemplate ? source : new CompiledTemplate(source);
}
