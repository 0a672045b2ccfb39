// Jest global teardown: says, under the test summary, which contract suites did not run because
// their server is not configured (and whether the console's browser tests lacked Chromium). Jest shows nothing for a wholly skipped suite (not even its
// console output), so a green run would otherwise hide that EventStoreDB and MongoDB went untested.
const SERVERS = [
  { variable: 'EVENTSTORE_CONNECTION_STRING', suites: 'EventStoreDB event store contract', example: 'esdb://localhost:2113?tls=false' },
  { variable: 'MONGODB_URI', suites: 'MongoDB read store, idempotency store, key store and engine state contracts', example: 'mongodb://localhost:27017/?replicaSet=rs0' },
];

const CHROMIUM = process.env.CRM_CHROMIUM || '/usr/bin/chromium';

module.exports = async () => {
  if (!require('node:fs').existsSync(CHROMIUM)) {
    process.stdout.write(`\nNot run, for want of a browser:\n  the web console's browser tests: SKIPPED, ${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)\n`);
  }
  const missing = SERVERS.filter(({ variable }) => !process.env[variable]);
  if (missing.length === 0) return;
  const lines = missing.map(({ variable, suites, example }) => `  ${suites}: SKIPPED, ${variable} is not set (e.g. ${example})`);
  process.stdout.write(`\nNot run, for want of a server (docker compose -f docker/docker-compose.yml up starts both):\n${lines.join('\n')}\n`);
};
