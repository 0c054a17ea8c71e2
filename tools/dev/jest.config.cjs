module.exports = {
  ...require('../../jest.config.base.cjs'),
  testMatch: ['<rootDir>/test/**/*.test.ts'],
};
