import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

type Responder = (request: RecordedRequest) => Response | Promise<Response>;

/** A stand-in for the API: routes `METHOD /path` to answers and records every request. */
export function stubApi(routes: Record<string, Responder>) {
  const requests: RecordedRequest[] = [];
  // The console only ever passes a path string.
  const fetch = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://console.test');
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      url,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const responder = routes[`${request.method} ${url.pathname}`];
    if (!responder) return problem(404, `No stub for ${request.method} ${url.pathname}.`);
    return responder(request);
  });
  vi.stubGlobal('fetch', fetch);
  return { fetch, requests };
}

export function data(body: unknown, status = 200): Response {
  return new Response(JSON.stringify({ data: body, meta: {}, errors: [] }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

export function problem(
  status: number,
  detail: string,
  errors?: { field: string; message: string }[],
): Response {
  return new Response(
    JSON.stringify({
      type: `https://httpstatuses.com/${status}`,
      title: 'Problem',
      status,
      detail,
      instance: '/api/v1/x',
      traceId: 'trace',
      ...(errors ? { errors } : {}),
    }),
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

export function page<T>(name: string, rows: T[], nextCursor: string | null = null) {
  return {
    [name]: rows,
    total_count: rows.length,
    total_count_exact: true,
    limit: 20,
    offset: 0,
    next_cursor: nextCursor,
  };
}
