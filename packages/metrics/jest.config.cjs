module.exports = {
  ...require('../../jest.config.base.cjs'),
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
