/**
 * Layer rules (style.md 12): the domain is pure; the application layer knows no framework or
 * driver; libraries never reach into apps; adapters stay behind the event store port.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain imports no framework, driver or I/O module',
      severity: 'error',
      from: { path: '^libs/domain/src', pathNot: '\\.spec\\.ts$' },
      to: { path: 'node_modules|^libs/(event-store|application|personal-data|read-store|projections)|^apps' },
    },
    {
      name: 'domain-no-node-io',
      severity: 'error',
      from: { path: '^libs/domain/src', pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'application-knows-no-framework',
      comment: 'libs/application uses ports only: no Nest, no database drivers',
      severity: 'error',
      from: { path: '^libs/application/src' },
      to: { path: 'node_modules/(@nestjs|better-sqlite3|@eventstore|mongodb)' },
    },
    {
      name: 'application-uses-ports-not-adapters',
      severity: 'error',
      from: { path: '^libs/application/src', pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/(event-store/src/(sqlite|esdb)|read-store/src/(sqlite|mongo))/' },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs' },
      to: { path: '^apps' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: 'dist' },
  },
};
