// When Jira refuses to renew a user's OAuth token, the connection is dropped and the user is told
// once, by DM, to connect again. "Once" is kept in the KV store (claimed atomically, so requests
// failing together send one message) until the user connects again.
import type { PluginAPI } from '@parley/plugin-api';
import type { Instance } from '../instances/instance.ts';
import { sendBotDirect } from '../jira-bot.ts';

const NOTICE = 'reconnect_notice_';

function noticeKey(instance: Instance, userId: string): string {
  return `${NOTICE}${instance.key}_${userId}`;
}

/** Sends the reconnect DM unless it was sent since the user last connected. */
export async function sendReconnectNoticeOnce(api: PluginAPI, instance: Instance, userId: string): Promise<void> {
  if (!(await api.kv.compareAndSet(noticeKey(instance, userId), null, Date.now()))) return;
  await sendBotDirect(
    api,
    userId,
    `Jira (${instance.alias || instance.id}) no longer accepts your connection, so your Parley account is disconnected from it. Run \`/jira connect ${instance.alias || instance.id}\` to connect again.`,
  );
}

/** Forgets the notice: after connecting again, a later refusal is worth a new message. */
export async function clearReconnectNotice(api: PluginAPI, instance: Instance, userId: string): Promise<void> {
  await api.kv.delete(noticeKey(instance, userId));
}

/** Forgets every notice about the instance (it is being uninstalled). */
export async function clearReconnectNotices(api: PluginAPI, instance: Instance): Promise<void> {
  const prefix = `${NOTICE}${instance.key}_`;
  for (;;) {
    const keys = await api.kv.list(0, 200, { prefix });
    for (const key of keys) await api.kv.delete(key);
    if (keys.length < 200) return;
  }
}
