// Installs Jira instances for a suite by writing the plugin's `instances` KV record directly, in the
// shape InstanceStore keeps: the webhook and subscription suites need installed instances, and
// installing them through `/jira instance install` is the connect module's business (with its own
// tests). No credentials are involved: webhooks and subscriptions need only the instance's identity.
import type { TestServer } from '../../../../test/helpers/test-server.ts';
import type { CloudOAuthInstance, Instance, ServerInstance } from '../../src/instances/instance.ts';

const KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

function instanceKey(): string {
  let key = '';
  for (let i = 0; i < 26; i++) key += KEY_CHARS[Math.floor(Math.random() * KEY_CHARS.length)];
  return key;
}

export function serverInstance(url: string, options: Partial<ServerInstance> = {}): ServerInstance {
  return { id: url, type: 'server', alias: '', key: instanceKey(), installed_at: Date.now(), installed_by: '', is_v2_legacy: false, auth: 'pat', consumer_key: '', rsa_key_name: '', ...options };
}

export function cloudInstance(url: string, options: Partial<CloudOAuthInstance> = {}): CloudOAuthInstance {
  return {
    id: url, type: 'cloud-oauth', alias: '', key: instanceKey(), installed_at: Date.now(), installed_by: '', is_v2_legacy: false,
    client_id: 'client', client_secret: '', cloud_id: '', auth_url: 'https://auth.atlassian.com', api_url: 'https://api.atlassian.com', ...options,
  };
}

/** Replaces the plugin's installed instances with `instances`. */
export async function seedInstances(ts: TestServer, instances: Instance[]): Promise<void> {
  await ts.store.pluginKv.delete('jira', 'instances');
  const stored = await ts.store.pluginKv.set('jira', 'instances', JSON.stringify(instances), 0, Date.now(), ts.config.get().PluginSettings.KvMaxKeysPerPlugin);
  if (!stored) throw new Error('the instances could not be stored');
}
