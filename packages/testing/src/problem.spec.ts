import { expectProblem, type HttpAnswer } from './problem';

function answer(overrides: Partial<HttpAnswer> = {}): HttpAnswer {
  return {
    status: 422,
    headers: { 'content-type': 'application/problem+json' },
    body: {
      type: 'https://httpstatuses.com/422',
      title: 'Unprocessable Entity',
      status: 422,
      instance: '/api/v1/templates',
      errors: [{ field: 'name', message: 'is required' }],
    },
    request: { url: 'http://127.0.0.1:4000/api/v1/templates?page=2' },
    ...overrides,
  };
}

describe('expectProblem', () => {
  it('accepts a problem answer with its status, content type, instance and field', () => {
    expectProblem(answer(), 422, 'name');
    expectProblem(answer(), 422);
  });

  it.each<[string, HttpAnswer, string | undefined]>([
    ['another status', answer({ status: 400 }), undefined],
    ['plain JSON', answer({ headers: { 'content-type': 'application/json' } }), undefined],
    [
      'a charset parameter (old clients compare the whole header)',
      answer({ headers: { 'content-type': 'application/problem+json; charset=utf-8' } }),
      undefined,
    ],
    [
      'a body status that differs',
      answer({ body: { ...bodyOf(answer()), status: 400 } }),
      undefined,
    ],
    [
      'another instance',
      answer({ request: { url: 'http://127.0.0.1:4000/api/v1/channels' } }),
      undefined,
    ],
    ['no error naming the field', answer(), 'description'],
    ['no errors at all', answer({ body: { ...bodyOf(answer()), errors: undefined } }), 'name'],
  ])('fails on %s', (_case, response, field) => {
    expect(() => expectProblem(response, 422, field)).toThrow();
  });
});

function bodyOf(response: HttpAnswer): Record<string, unknown> {
  return response.body as Record<string, unknown>;
}
