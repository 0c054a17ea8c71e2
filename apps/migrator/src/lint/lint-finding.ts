export type Severity = 'error' | 'warning';

export interface LintFinding {
  ruleId: string;
  severity: Severity;
  /** What is dangerous and why. */
  message: string;
  /** The online pattern to use instead. */
  fix: string;
  /** Start line of the statement; null for a waiver that names no line. */
  line: number | null;
  /** The statement, whitespace collapsed and shortened (for a waiver: the waiver itself). */
  excerpt: string;
  waived: boolean;
  waiverReason?: string;
}

export interface LintReport {
  /** The migration folder name. */
  migration: string;
  /** In statement order. */
  findings: LintFinding[];
  /** An error finding is left that no waiver covers. */
  blocked: boolean;
}
