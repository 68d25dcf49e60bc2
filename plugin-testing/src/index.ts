// @parley/plugin-testing: run a Parley plugin from a test suite in the real sandbox, with the
// plugin API answered by mocks. A package of its own because it carries the sandbox (isolated-vm,
// the plugin-host process), which @parley/plugin-api must never depend on.
export { runPlugin, runPluginFolder, type ApiCallRecord, type ApiMocks, type PluginHarness, type RunPluginOptions } from './run-plugin.ts';
