// What the plugin's feature modules share: the API, the installed instances and the users'
// connections. index.ts makes one of each and hands them to every module.
import type { PluginAPI } from '@parley/plugin-api';
import type { Connections } from './connect/connections.ts';
import type { InstanceStore } from './instances/instance-store.ts';

export interface JiraDeps {
  api: PluginAPI;
  instances: InstanceStore;
  connections: Connections;
}
