// typescript-eslint with type information, so promise mistakes (no-floating-promises) are errors.
import tseslint from 'typescript-eslint';

// The layers and what each may not import (docs/architecture.md, "Layers"); test/unit/layers.test.ts
// proves a cross-layer import fails lint.
const SERVER = { group: ['**/server/**'], message: 'Only the server and the CLI import server/: share through shared/src.' };
const CLIENT = { group: ['**/client/**'], message: 'client/ is the VS Code extension: nothing else imports it.' };
const SHARED_NODE = { group: ['**/shared/node/**', '../node/**'], message: 'shared/node holds Node adapters: not for pure code.' };
const DRIVERS = { group: ['**/lsp/**', '**/cli/**', '**/server/src/node/**', '../node/**', '../../node/**'], message: 'The pure service knows no driver and no Node adapter: they call it.' };
const NODE_BUILTINS = { regex: '^node:', message: 'Pure code uses no Node API: it comes through a port.' };
const VSCODE = { group: ['vscode', 'vscode-languageclient', 'vscode-languageclient/*'], message: 'Only client/ talks to VS Code.' };
const LSP_CONNECTION = { group: ['vscode-languageserver', 'vscode-languageserver/*'], message: 'Only server/src/lsp holds the LSP connection.' };
const DRIVER_FINDINGS = 'A driver does not change findings in place: build a new check (withTarballFindings).';
// Build output (tsc's out/, the bundles in dist/) would carry a layer's code past the rules above.
// Only relative paths: a package's own dist/ (e.g. @vscode-elements/elements/dist/…) is its published entry.
const BUILD_OUTPUT = { regex: '^\\.\\.?/(.*/)?(out|dist|dist-test)(/|$)', message: 'Import sources, never build output (out/, dist/).' };
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns: [...patterns, BUILD_OUTPUT] }] });

export default tseslint.config(
  { ignores: ['dist/**', 'dist-test/**', 'out/**', 'node_modules/**', '**/*.js', '**/*.mjs', '**/*.d.ts'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  { files: ['shared/src/**/*.ts'], rules: restrict(SERVER, CLIENT, SHARED_NODE, NODE_BUILTINS, VSCODE, LSP_CONNECTION) },
  { files: ['shared/node/**/*.ts'], rules: restrict(SERVER, CLIENT, VSCODE, LSP_CONNECTION) },
  { files: ['server/src/service/**/*.ts'], rules: restrict(DRIVERS, CLIENT, SHARED_NODE, NODE_BUILTINS, VSCODE, LSP_CONNECTION) },
  { files: ['server/src/node/**/*.ts'], rules: restrict({ group: ['**/lsp/**', '**/cli/**'], message: 'node/ holds adapters: the drivers call them.' }, CLIENT, VSCODE, LSP_CONNECTION) },
  { files: ['server/src/cli/**/*.ts'], rules: restrict({ group: ['**/lsp/**'], message: 'The CLI does not use the LSP server.' }, CLIENT, VSCODE, LSP_CONNECTION) },
  { files: ['server/src/lsp/**/*.ts', 'server/src/server.ts'], rules: restrict({ group: ['**/cli/**'], message: 'The LSP server does not use the CLI.' }, CLIENT, VSCODE) },
  { files: ['client/**/*.ts'], rules: restrict(SERVER, LSP_CONNECTION) },
  {
    // The drivers show a check; they never change its findings in place (the checker may share them
    // between checks): a pure function returns a new check (service/stages/tarballFindings.ts).
    files: ['server/src/lsp/**/*.ts', 'server/src/cli/**/*.ts', 'server/src/server.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.property.name='findings'][callee.property.name=/^(push|unshift|splice|pop|shift|sort|reverse|fill|copyWithin)$/]", message: DRIVER_FINDINGS },
        { selector: "AssignmentExpression[left.property.name='findings']", message: DRIVER_FINDINGS },
      ],
    },
  },
  {
    // Typed messages are declared as `namespace X { method; type }`, the pattern vscode-languageserver
    // and vscode-eslint use, so call sites read `SummaryRequest.type`.
    files: ['shared/src/protocol.ts'],
    rules: { '@typescript-eslint/no-namespace': 'off' },
  },
);
