/** What `expectProblem` reads of an answer; supertest's `Response` has it. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  request: { url: string };
}

/**
 * Asserts an RFC 9457 problem+json answer: its status (in the status line and the body), its
 * content type (exactly `application/problem+json`: old clients compare the whole header),
 * `instance` naming the request's path, and, given `field`, an entry of `errors` naming that
 * field. Runs inside jest: `expect` is jest's global.
 */
export function expectProblem(response: HttpAnswer, status: number, field?: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.body).toMatchObject({ status, instance: new URL(response.request.url).pathname });
  if (field !== undefined) {
    expect(response.body).toMatchObject({
      errors: expect.arrayContaining([expect.objectContaining({ field })]),
    });
  }
}
