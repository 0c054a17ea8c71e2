import request from 'supertest';
import type { TestApp } from './test-app';

/** POSTs `body` to `path` with a valid API key and returns the created resource (`data`). */
export async function createThroughApi<Resource>(
  testApp: TestApp,
  path: string,
  body: object,
): Promise<Resource> {
  const response = await request(testApp.http).post(path).set(testApp.auth).send(body);
  if (response.status !== 201) {
    throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body.data as Resource;
}
