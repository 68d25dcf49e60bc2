// What the web app hears about connections (Mattermost's plugin events, so its webapp keeps
// working): `custom_jira_connect` / `custom_jira_disconnect` to the user, with whether they are
// connected, can connect to more, and the installed instances; `custom_jira_instance_status` to
// everyone when an instance is installed or removed.
import type { PluginAPI } from '@parley/plugin-api';
import type { Instance } from '../instances/instance.ts';
import type { InstanceStore } from '../instances/instance-store.ts';
import type { Connections } from './connections.ts';

/** Instances as Mattermost's web app reads them: a list of `{type, instance_id, alias}`. */
function instanceList(instances: Instance[]): Array<Record<string, string>> {
  return instances.map((instance) => ({ type: instance.type, instance_id: instance.id, alias: instance.alias }));
}

/** Mattermost's UserInfo as a config map: `is_connected`, `can_connect`, `instances`, `user_info`. */
export async function userInfo(instances: InstanceStore, connections: Connections, userId: string): Promise<Record<string, unknown>> {
  const installed = await instances.list();
  const mine = await connections.instancesOf(userId);
  const connected = installed.filter((instance) => mine.instance_ids.includes(instance.id));
  return {
    is_connected: connected.length > 0,
    can_connect: connected.length < installed.length,
    ...(installed.length > 0 ? { instances: instanceList(installed) } : {}),
    user_info: { mattermost_user_id: userId, connected_instances: instanceList(connected), default_instance_id: mine.default_instance_id },
  };
}

export async function publishConnectionChange(api: PluginAPI, instances: InstanceStore, connections: Connections, userId: string, event: 'connect' | 'disconnect'): Promise<void> {
  await api.websocket.publish(event, await userInfo(instances, connections, userId), { user_id: userId });
}

export async function publishInstanceStatus(api: PluginAPI, instances: InstanceStore): Promise<void> {
  await api.websocket.publish('instance_status', { instances: instanceList(await instances.list()) }, {});
}
