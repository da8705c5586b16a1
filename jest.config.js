/** Jest runs the TypeScript sources through swc; workspace packages resolve to their sources, not dist. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  testMatch: ['<rootDir>/**/src/**/*.spec.ts', '<rootDir>/**/test/**/*.test.ts'],
  // test/mysql needs a MySQL server, test/redis MySQL and Redis (and the built dist/ for its processes):
  // they run in CI's MariaDB + Redis pass.
  testPathIgnorePatterns: [
    '/node_modules/',
    '/dist/',
    ...(process.env.TEST_DATABASE_URL ? [] : ['<rootDir>/test/mysql/']),
    ...(process.env.TEST_REDIS_URL && process.env.TEST_DATABASE_URL ? [] : ['<rootDir>/test/redis/']),
  ],
  moduleNameMapper: {
    '^@gatehouse/shared$': '<rootDir>/shared/src/index.ts',
    '^@gatehouse/shared/config$': '<rootDir>/shared/src/config/config.ts',
    '^@gatehouse/shared/testing$': '<rootDir>/shared/src/testing/index.ts',
    '^@gatehouse/gateway$': '<rootDir>/gateway/src/app.ts',
    '^@gatehouse/identity$': '<rootDir>/subgraphs/identity/src/app.ts',
    '^@gatehouse/identity/migrations$': '<rootDir>/subgraphs/identity/src/migrations/index.ts',
    '^@gatehouse/identity-contracts$': '<rootDir>/subgraphs/identity/contracts/src/index.ts',
    '^@gatehouse/access-control-contracts$': '<rootDir>/subgraphs/access-control/contracts/src/index.ts',
    '^@gatehouse/access-control/migrations$': '<rootDir>/subgraphs/access-control/src/migrations/index.ts',
    '^@gatehouse/access-control$': '<rootDir>/subgraphs/access-control/src/app.ts',
  },
  testTimeout: 30000,
  maxWorkers: 2,
};
