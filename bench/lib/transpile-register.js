/**
 * `node -r ./bench/lib/transpile-register.js entry.ts`: TypeScript compiled on load with
 * typescript's transpileModule (no type check: `npm run typecheck` does that), for the bench's
 * server children. ts-node's register would do the same, but it loads node:repl, which loads
 * node:domain, and once domain is loaded every EventEmitter pays for it on each construction
 * and emit (the request, the response, the socket): a cost the app never has in production,
 * where `npm start` runs the compiled JavaScript, and that falls harder on the app than on a
 * bare server. Plain JavaScript so that it needs no loader itself.
 */
'use strict';
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const ts = require('typescript');

const configFile = resolve(__dirname, '..', '..', 'tsconfig.json');
const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, resolve(__dirname, '..', '..'));
// CommonJS, as the compiled app is (package.json has no "type": "module").
const compilerOptions = { ...options, module: ts.ModuleKind.CommonJS, moduleResolution: undefined, sourceMap: false, inlineSourceMap: true };

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions });
  module._compile(outputText, filename);
};
