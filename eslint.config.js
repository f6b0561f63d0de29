// One lint configuration for the whole workspace; `npm run check` runs it with zero warnings allowed.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.data/**',
      '**/test-results/**',
      '**/playwright-report/**',
      '.nx/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        Buffer: 'readonly',
        window: 'readonly',
        document: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        URLSearchParams: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        localStorage: 'readonly',
        navigator: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        Headers: 'readonly',
        Blob: 'readonly',
        FormData: 'readonly',
        File: 'readonly',
        crypto: 'readonly',
        queueMicrotask: 'readonly',
        requestAnimationFrame: 'readonly',
        cancelAnimationFrame: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'off',
    },
  },
  {
    // Nest resolves constructor parameters from emitted decorator metadata, so injected classes must be
    // value imports; `import type` would erase them and the service would arrive as undefined.
    files: ['backend/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['frontend/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Apps depend on packages/contracts, never on each other.
    files: [
      'backend/**/*.ts',
      'collectors/**/*.ts',
      'frontend/**/*.{ts,tsx}',
      'packages/simulator/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@cityops/backend', '@cityops/backend/*', '**/backend/src/**'],
              message: 'Apps talk to the backend over HTTP, Socket.IO or queues.',
            },
            {
              group: ['@cityops/collectors', '@cityops/collectors/*', '**/collectors/src/**'],
              message: 'Apps do not import the collectors.',
            },
            {
              group: ['@cityops/frontend', '@cityops/frontend/*', '**/frontend/src/**'],
              message: 'Apps do not import the console.',
            },
            {
              group: ['@cityops/simulator', '@cityops/simulator/*', '**/simulator/src/**'],
              message:
                'The simulator stands in for the outside world; reach it over its protocols.',
            },
          ],
        },
      ],
    },
  },
);
