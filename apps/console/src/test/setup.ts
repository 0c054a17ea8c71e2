import { cleanup, configure } from '@testing-library/preact';
import { afterEach, beforeEach } from 'vitest';

// `findBy…` waits 1 s by default: under CI's load (about 10 on 2 cores) a page's first render
// after its fetch stub answered took longer, and two tests failed without a defect.
configure({ asyncUtilTimeout: 10_000 });

beforeEach(() => history.replaceState(null, '', '/console/'));

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});
