/** How often the publications list refreshes while a publication on it is delivering. */
export const DEFAULT_POLL_INTERVAL_MS = 2000;

export const KEY_REJECTED_MESSAGE = 'Your key was rejected: paste a valid key';
