/** Calls the public REST API with a key, as any client would; answers `data` of the envelope. */
export function apiClient(baseUrl: string, apiKey: string) {
  return async function call<Data>(method: string, path: string, body?: object): Promise<Data> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (JSON.parse(text) as { data: Data }).data;
  };
}
