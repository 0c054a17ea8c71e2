import { parseMigrationSql } from '../sql/parse-migration-sql';
import { applyWaivers } from './apply-waivers';
import { createLintContext } from './lint-context';
import { type LintFinding, type LintReport } from './lint-finding';
import { type Waiver } from './lint-waivers';
import { LINT_RULES } from './rule-registry';
import { statementExcerpt } from './statement-excerpt';

export interface LintInput {
  /** The migration folder name, e.g. `20261125120000_modernize_columns`. */
  name: string;
  /** The content of its `migration.sql`. */
  sql: string;
  /** From `readWaivers(folder)`. */
  waivers: Waiver[];
}

/** Lints one migration for operations that are unsafe on a live database. Throws `MigrationSyntaxError`. */
export async function lintMigration(input: LintInput): Promise<LintReport> {
  const context = createLintContext(await parseMigrationSql(input.sql));
  const findings = LINT_RULES.flatMap((rule) =>
    rule.check(context).map((violation): LintFinding => ({
      ruleId: rule.id,
      severity: rule.severity,
      message: violation.message,
      fix: violation.fix ?? rule.fix,
      line: violation.statement.line,
      excerpt: statementExcerpt(violation.statement.text),
      waived: false,
    })),
  ).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const judged = applyWaivers(findings, input.waivers, new Set(LINT_RULES.map((rule) => rule.id)));
  return {
    migration: input.name,
    findings: judged,
    blocked: judged.some((finding) => finding.severity === 'error' && !finding.waived),
  };
}
