// A real Parley server with the prepackaged plugins and the Jira plugin enabled (its webhook secret
// set, which is what it waits for), allowed to reach a fake Jira on loopback.
import { expect } from 'chai';
import { startTestServer, type TestServer, type TestServerOptions } from '../../../../test/helpers/test-server.ts';
import { createAdmin, type LoggedIn } from '../../../../test/helpers/fixtures.ts';
import { eventually } from '../../../../test/helpers/ws-client.ts';

export const WEBHOOK_SECRET = 'jira-webhook-secret-for-tests-0123';

/**
 * Starts the server and enables the plugin. The admin signs up before the plugin is enabled: its bot
 * would otherwise be the server's first account.
 */
export async function startServerWithJira(settings: Record<string, unknown> = {}, options: Pick<TestServerOptions, 'logSink'> & { serviceSettings?: Record<string, unknown> } = {}): Promise<{ ts: TestServer; admin: LoggedIn }> {
  const ts = await startTestServer({ prepackaged: true, logSink: options.logSink, config: { ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1', ...options.serviceSettings } } });
  await ts.pluginsStarted;
  const admin = await createAdmin(ts);
  await admin.client.patchConfig({ ServiceSettings: { SiteURL: ts.url }, PluginSettings: { Plugins: { jira: { secret: WEBHOOK_SECRET, ...settings } } } } as never);
  await eventually(async () => expect((await admin.client.getPluginStatuses()).find((s) => s.plugin_id === 'jira')?.state).to.equal(2), 20_000);
  return { ts, admin };
}

/** Patches the Jira plugin's settings, keeping the others (a config patch replaces PluginSettings.Plugins as a whole). */
export function patchJiraSettings(ts: TestServer, values: Record<string, unknown>): void {
  const current = ts.config.get().PluginSettings.Plugins.jira as Record<string, unknown>;
  ts.config.patch({ PluginSettings: { Plugins: { ...ts.config.get().PluginSettings.Plugins, jira: { ...current, ...values } } } });
}
