module.exports = {
  ...require('../jest.config.base.cjs'),
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // Every test's title in the output, so that a skipped one shows why it was skipped.
  verbose: true,
};
