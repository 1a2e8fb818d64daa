/**
 * Everything the LSP server runs that the initialize answer does not need: the service (parsers,
 * resolution, trust, features) and the Node runtime (HTTP client, disk cache). The server bundle
 * requires it from a file of its own, `dist/engine.js`, after answering initialize
 * (loadEngine.ts; docs/benchmarks.md, server start), so Node does not read and compile it before
 * the first answer.
 */
export { createSigmaService } from '../service';
export { describeTarballCheck, tarballFindings, withTarballFindings } from '../service/stages/tarballFindings';
export { ignoreProblems } from '../service/stages/suppressions';
export { vetIncludes } from '../node/includeFiles';
export { createNodeRuntime } from '../node/runtime';
