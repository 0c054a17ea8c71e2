/** Where the API serves the console (and where Vite builds its asset URLs for). */
export const BASE_PATH = '/console';
