module.exports = {
  ...require('../../jest.config.base.cjs'),
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  globalSetup: '@publishing/db/testing/global-setup',
  globalTeardown: '@publishing/db/testing/global-teardown',
};
