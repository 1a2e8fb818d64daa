/**
 * The server's command ids, in a module of their own: the initialize answer names them, and the
 * server answers initialize before it loads the engine (server/src/lsp/loadEngine.ts).
 */
export const SUPPRESS_COMMAND = 'sigma.server.suppress';
export const OPEN_URL_COMMAND = 'sigma.server.openUrl';
export const VERIFY_TARBALL_COMMAND = 'sigma.server.verifyTarball';
