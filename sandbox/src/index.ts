export type { PluginProcess, PluginProcessOptions, SandboxErrorShape, SandboxLogEntry } from './plugin-process.ts';
export { startPluginProcess } from './start-plugin-process.ts';
export { SandboxError } from './sandbox-error.ts';
export { MAX_API_CALLS_IN_FLIGHT, MAX_PAYLOAD_CHARS } from './protocol.ts';
export { runPlugin, type ApiMocks, type ApiCallRecord, type PluginHarness, type RunPluginOptions } from './plugin-harness.ts';
