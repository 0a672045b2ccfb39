// Three test levels with fixed suffixes (see shared/design/style.md):
// *.unit.spec.ts (pure), *.int.spec.ts (SQLite adapters, contract suites), test/*.e2e-spec.ts (HTTP).
const moduleNameMapper = {
  '^@crm/(domain|event-store|application|read-store|projections|personal-data)(.*)$': '<rootDir>/libs/$1/src$2',
};
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};
module.exports = {
  globalTeardown: '<rootDir>/test/support/report-skipped-servers.js',
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.unit.spec.ts'] },
    { ...base, displayName: 'int', testMatch: ['<rootDir>/{apps,libs}/**/*.int.spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
