#!/usr/bin/env node
'use strict';
// `npx crm …`: the command line as its own executable, so that `npx crm audit export > file` holds
// only the data (`npm run cli` prints npm's banner on stdout first). Compiled on the fly, like the
// `cli` script: `npm ci` alone is enough, no build step.
const { join } = require('node:path');

const root = join(__dirname, '..');
require('ts-node').register({ project: join(root, 'tsconfig.json'), transpileOnly: true });
const paths = require('tsconfig-paths');
const config = paths.loadConfig(root);
if (config.resultType !== 'success') throw new Error(`cannot read ${join(root, 'tsconfig.json')}: ${config.message}`);
paths.register({ baseUrl: config.absoluteBaseUrl, paths: config.paths });
require(join(root, 'apps/cli/src/main.ts'));
