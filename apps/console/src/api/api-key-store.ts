/** The pasted API key lives in sessionStorage only: gone with the tab, never in a URL. */
export const API_KEY_STORAGE_KEY = 'publishing.console.apiKey';

export function readApiKey(): string | null {
  return sessionStorage.getItem(API_KEY_STORAGE_KEY);
}

export function saveApiKey(key: string): void {
  sessionStorage.setItem(API_KEY_STORAGE_KEY, key);
}

export function forgetApiKey(): void {
  sessionStorage.removeItem(API_KEY_STORAGE_KEY);
}
