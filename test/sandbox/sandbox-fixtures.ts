// Shared pieces of the sandbox suites: start a plugin from source with quick defaults, and assert
// that a promise rejects with a given sandbox error id.
import { expect } from 'chai';
import { startPluginProcess, type PluginProcess, type PluginProcessOptions } from '@parley/sandbox';

export type StartOverrides = Partial<Omit<PluginProcessOptions, 'code'>>;

let counter = 0;

export function startPlugin(code: string, overrides: StartOverrides = {}): Promise<PluginProcess> {
  return startPluginProcess({
    pluginId: `com.test.plugin-${++counter}`,
    code,
    memoryLimitMb: 32,
    // Generous: a host process starting on a busy machine (suites run side by side) takes seconds;
    // the suites that test the start limit pass their own.
    startTimeoutMs: 15_000,
    onApiCall: async () => null,
    ...overrides,
  });
}

/** Resolves with the error `promise` rejects with, after checking its sandbox id. */
export async function expectSandboxError(promise: Promise<unknown>, id: string): Promise<Error & { id: string }> {
  let error: unknown;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  expect(error, `expected a rejection with ${id}`).to.be.instanceOf(Error);
  expect((error as { id: string }).id).to.equal(id);
  return error as Error & { id: string };
}

/** Resolves with the reason passed to the process's onExit listeners. */
export function nextExit(process: PluginProcess): Promise<{ id: string; message: string }> {
  return new Promise((resolve) => process.onExit(resolve));
}
