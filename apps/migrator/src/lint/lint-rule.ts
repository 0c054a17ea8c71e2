import { type ParsedStatement } from '../sql/parse-migration-sql';
import { type LintContext } from './lint-context';
import { type Severity } from './lint-finding';

export interface RuleViolation {
  statement: ParsedStatement;
  /** What is dangerous and why, naming the objects involved. */
  message: string;
  /** Replaces the rule's `fix` when the remedy depends on the statement. */
  fix?: string;
}

export interface LintRule {
  /** kebab-case, used in waivers. */
  id: string;
  severity: Severity;
  /** One line, for `--help`. */
  description: string;
  /** The online pattern to use instead. */
  fix: string;
  check(context: LintContext): RuleViolation[];
}
