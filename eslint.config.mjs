// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Only the TypeScript the tsconfig covers is linted; jest.config.js and this file are plain configuration.
  globalIgnores(['dist/', 'node_modules/', '.data/', 'coverage/', 'reports/', '.tools/', 'bench/results/', 'jest.config.js', 'eslint.config.mjs']),
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'ormconfig.ts'],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // An async method without await is how a synchronous implementation (the memory store, fakes) meets a Promise-returning interface.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      // Response bodies (TestResponse<T = any>), JSON.parse'd logs and reports are `any`; asserting on them is what the tests do.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // expect(service.method).toHaveBeenCalled() passes methods unbound on purpose.
      '@typescript-eslint/unbound-method': 'off',
      // Test helpers type an HTTP body or a log line as `any` by default, as supertest does, so specs need no casts.
      '@typescript-eslint/no-explicit-any': 'off',
      // Helpers pass on the error a child-process callback or a catch handed them; its type (unknown, ExecFileException) is not Error-branded.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
    },
  },
  prettier,
);
