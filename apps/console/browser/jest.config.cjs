// One test file, one flow: it starts its own database, API, worker and browser.
module.exports = {
  ...require('../../../jest.config.base.cjs'),
  testMatch: ['<rootDir>/test/**/*.browser.test.ts'],
  maxWorkers: 1,
  testTimeout: 180_000,
};
