/**
 * Jest runs CommonJS. Nest 12, cache-manager, Keyv and friends ship only as ES modules,
 * and Jest on Node 20 cannot require() an ES module, so @swc/jest compiles them (and our
 * TypeScript) to CommonJS on the fly; swc also rewrites import.meta.url and dynamic
 * import(). The build (nest build, tsc) emits CommonJS and relies on Node 20.19+'s
 * require(esm) instead. test/esm-loading.e2e-spec.ts proves both paths.
 */
const typescript = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
const javascript = {
  jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/bench'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', typescript],
    '^.+\\.m?js$': ['@swc/jest', javascript],
  },
  // Compile every ES module in node_modules; CommonJS files pass through swc unchanged in meaning.
  transformIgnorePatterns: [],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60_000,
};
