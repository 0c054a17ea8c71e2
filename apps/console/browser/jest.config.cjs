// One test file, one flow: it starts its own API, worker and browser, on a database cloned from
// the migrated template the global setup makes (as every package's tests do).
module.exports = {
  ...require('../../../jest.config.base.cjs'),
  globalSetup: '@publishing/db/testing/global-setup',
  globalTeardown: '@publishing/db/testing/global-teardown',
  testMatch: ['<rootDir>/test/**/*.browser.test.ts'],
  maxWorkers: 1,
  testTimeout: 180_000,
};
