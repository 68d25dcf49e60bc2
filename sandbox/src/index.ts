export type { PluginProcess, PluginProcessOptions, SandboxErrorShape, SandboxLogEntry } from './plugin-process.ts';
export { PluginHosts, startPluginProcess } from './start-plugin-process.ts';
export { SandboxError } from './sandbox-error.ts';
export { MAX_API_CALLS_IN_FLIGHT, MAX_PAYLOAD_CHARS } from './protocol.ts';
