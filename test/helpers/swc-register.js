// Loads the app's TypeScript in the child processes of test/helpers/app-process.ts with swc, the
// compiler jest uses, and jest's own options. ts-node's TypeScript transpiler took about twice as
// long per start on the busy 2-core machine (15-17 s against 6-9 s to require the app), and the
// three-instance test starts six of them.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');
const jestConfig = require('../../jest.config.js');

const [, options] = jestConfig.transform['^.+\\.ts$'];

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
