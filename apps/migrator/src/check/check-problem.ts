/** One finding of `pnpm migrate check`, as printed and as its `--json` document lists it. */
export interface CheckProblem {
  check: 'sum' | 'order' | 'drift' | 'down-sql' | 'round-trip' | 'lint' | 'data-step';
  severity: 'error' | 'warning';
  migration?: string;
  message: string;
}
