import { cleanup } from '@testing-library/preact';
import { afterEach, beforeEach } from 'vitest';

beforeEach(() => history.replaceState(null, '', '/console/'));

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});
