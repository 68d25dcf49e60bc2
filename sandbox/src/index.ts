export type { PluginProcess, PluginProcessOptions, SandboxErrorShape } from './plugin-process.ts';
