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
    '^@gatehouse/shared/subgraph$': '<rootDir>/shared/src/subgraph/subgraph-descriptor.ts',
    '^@gatehouse/gateway$': '<rootDir>/gateway/src/app.ts',
    // Every subgraph package alike (the first match wins, so shared and gateway come first).
    '^@gatehouse/([a-z-]+)/subgraph$': '<rootDir>/subgraphs/$1/src/subgraph.ts',
    '^@gatehouse/([a-z-]+)/migrations$': '<rootDir>/subgraphs/$1/src/migrations/index.ts',
    '^@gatehouse/([a-z-]+)-contracts$': '<rootDir>/subgraphs/$1/contracts/src/index.ts',
    '^@gatehouse/([a-z-]+)$': '<rootDir>/subgraphs/$1/src/app.ts',
  },
  testTimeout: 30000,
  maxWorkers: 2,
};
