import { type LintFinding } from './lint-finding';
import { LINT_WAIVERS_FILE, type Waiver } from './lint-waivers';
import { INVALID_WAIVER_RULE } from './rule-registry';

type WaiverProblem = 'unknown-rule' | 'no-reason' | 'matches-nothing';

/** Marks the findings that valid waivers cover, and reports every waiver that is not valid or not used. */
export function applyWaivers(
  findings: LintFinding[],
  waivers: Waiver[],
  ruleIds: ReadonlySet<string>,
): LintFinding[] {
  const problemOf = (waiver: Waiver): WaiverProblem | undefined => {
    if (!ruleIds.has(waiver.rule)) return 'unknown-rule';
    if (waiver.reason.trim() === '') return 'no-reason';
    return findings.some((finding) => covers(waiver, finding)) ? undefined : 'matches-nothing';
  };
  const valid = waivers.filter((waiver) => problemOf(waiver) === undefined);

  const judged = findings.map((finding): LintFinding => {
    const waiver = valid.find((each) => covers(each, finding));
    return waiver ? { ...finding, waived: true, waiverReason: waiver.reason.trim() } : finding;
  });
  const invalid = waivers.flatMap((waiver) => {
    const problem = problemOf(waiver);
    return problem === undefined ? [] : [invalidWaiverFinding(waiver, problem)];
  });
  return [...judged, ...invalid];
}

function covers(waiver: Waiver, finding: LintFinding): boolean {
  return (
    waiver.rule === finding.ruleId && (waiver.line === undefined || waiver.line === finding.line)
  );
}

function invalidWaiverFinding(waiver: Waiver, problem: WaiverProblem): LintFinding {
  const at = waiver.line === undefined ? '' : ` at line ${waiver.line}`;
  const { message, fix } = {
    'unknown-rule': {
      message: `The waiver names "${waiver.rule}", which is not a lint rule, so it waives nothing and hides a typo.`,
      fix: 'Use one of the rule ids in the lint rule list (`--help`).',
    },
    'no-reason': {
      message: `The waiver for "${waiver.rule}"${at} gives no reason, so nobody can later judge why the finding was safe.`,
      fix: 'Write in "reason" why this finding is safe in this migration.',
    },
    'matches-nothing': {
      message: `The waiver for "${waiver.rule}"${at} matches no finding of this migration, so it would silently hide a future one.`,
      fix: 'Remove the waiver, or set "line" to the start line of the statement the finding is reported on.',
    },
  }[problem];
  return {
    ruleId: INVALID_WAIVER_RULE.id,
    severity: INVALID_WAIVER_RULE.severity,
    message,
    fix,
    line: waiver.line ?? null,
    excerpt: `${LINT_WAIVERS_FILE}: ${JSON.stringify(waiver)}`,
    waived: false,
  };
}
