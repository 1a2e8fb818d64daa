/**
 * Entry point of the SIGMA language server: `node server.js --stdio` (any LSP client), `--node-ipc`
 * (VS Code), or `--socket=PORT`. Transport selection is vscode-languageserver's own.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/startServer';
import { loadEngine } from './lsp/loadEngine';

const cacheDirArg = process.argv.find((a) => a.startsWith('--cache-dir='));
const connection = createConnection(ProposedFeatures.all);

// Route stray console output to the client's log; stdout belongs to the protocol under --stdio.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));

process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
process.on('uncaughtException', (err) => connection.console.error(`uncaught exception: ${err.stack ?? err.message}`));

// The client's cache folder (initializationOptions) wins over --cache-dir.
startServer(connection, (options) => loadEngine().createNodeRuntime({ ...options, cacheDir: options.cacheDir ?? cacheDirArg?.slice('--cache-dir='.length) }));
