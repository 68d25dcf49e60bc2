// The RPC methods a plugin's `api` object offers, as data: the bootstrap builds `api` from this list
// and both processes refuse any other method name. The type check keeps it equal to PluginAPI.
import type { ApiMethod } from '@parley/plugin-api';

export const API_METHODS = [
  'posts.create',
  'posts.update',
  'posts.delete',
  'posts.get',
  'posts.sendEphemeral',
  'posts.updateEphemeral',
  'posts.deleteEphemeral',
  'channels.get',
  'channels.getByName',
  'channels.create',
  'channels.getDirect',
  'channels.addMember',
  'channels.getMembers',
  'channels.getMember',
  'channels.removeMember',
  'channels.patch',
  'users.get',
  'users.getByUsername',
  'users.getByEmail',
  'users.hasPermission',
  'users.updateStatus',
  'teams.get',
  'teams.getByName',
  'teams.getMembers',
  'teams.getMember',
  'bots.ensureBot',
  'commands.register',
  'commands.unregister',
  'commands.list',
  'dialogs.open',
  'store.query',
  'store.begin',
  'store.commit',
  'store.rollback',
  'kv.set',
  'kv.setWithExpiry',
  'kv.compareAndSet',
  'kv.get',
  'kv.delete',
  'kv.list',
  'config.get',
  'config.save',
  'config.getServerConfig',
  'websocket.publish',
  'cluster.publish',
  'cluster.lock',
  'cluster.refreshLock',
  'cluster.unlock',
  'http.fetch',
  'oauth.authorizeUrl',
  'oauth.complete',
  'oauth.refresh',
  'log.debug',
  'log.info',
  'log.warn',
  'log.error',
  'scheduler.schedule',
  'scheduler.cancel',
  'scheduler.list',
] as const satisfies readonly ApiMethod[];

// Fails to compile when PluginAPI gains a method this list lacks.
const everyMethodListed: Exclude<ApiMethod, (typeof API_METHODS)[number]> extends never ? true : never = true;
void everyMethodListed;

const METHOD_SET: ReadonlySet<string> = new Set(API_METHODS);

export function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && METHOD_SET.has(method);
}
