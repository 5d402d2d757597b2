// typescript-eslint with type information. The three rules the samples rely on (floating and
// misused promises, unused variables) are errors; workflows/ stays deterministic: no Node
// built-ins and nothing outside the workflow and domain code (type-only imports are erased).
import { builtinModules } from 'node:module';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test/support/openapi-types.ts', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Exception: \`any\` stays allowed where JSON from outside is typed at its edge (tests, fixtures,
      // the history decoder); the samples do not forbid it and it says nothing about promises or state.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'workflow code is deterministic: no Node built-ins' })),
          patterns: [
            {
              group: ['../*', '!../domain', '!../domain/*', '!../workflows', '!../workflows/*'],
              message: 'workflows import only workflow and domain code',
              allowTypeImports: true,
            },
            {
              // A workflow evaluates its imports once per cached execution: zod and the schemas of
              // domain/complaint.ts would cost each one about 1.5 MiB (domain/complaint-rules.ts).
              group: ['../domain/complaint'],
              message:
                'workflows take only types from domain/complaint; its rules without zod are in domain/complaint-rules',
              allowTypeImports: true,
            },
            {
              // async-mutex: the lock Temporal's samples use in workflow code (promises only, no timers unless asked).
              regex: '^(?!@temporalio/workflow$|@temporalio/common($|/)|zod$|async-mutex$|\\.{1,2}/)',
              message:
                'workflows import only @temporalio/workflow, @temporalio/common, zod, async-mutex and workflow or domain code',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
