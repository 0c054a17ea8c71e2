import { ApiProblem } from '../api/problem';

/** What went wrong, in the API's words (`detail`), never a stack trace. */
export function ProblemMessage({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  return (
    <div class="problem" role="alert">
      {describeError(error)}
    </div>
  );
}

export function describeError(error: unknown): string {
  if (error instanceof ApiProblem) return error.detail;
  return 'Something went wrong in the console: reload the page and try again.';
}
