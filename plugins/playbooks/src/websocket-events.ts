// The plugin's WebSocket events, in Mattermost Playbooks' wire shape: the event's value travels
// JSON-encoded in `data.payload` (server/bot/poster.go makePayloadMap), which is what the Playbooks
// webapp and other Mattermost clients parse. The platform prefixes the name (`custom_playbooks_`).
import type { PluginAPI } from '@parley/plugin-api';

export type PlaybooksEvent = 'playbook_created' | 'playbook_archived' | 'playbook_restored' | 'playbook_run_created' | 'playbook_run_updated';

type Broadcast = Parameters<PluginAPI['websocket']['publish']>[2];

export async function publishPlaybooksEvent(api: PluginAPI, event: PlaybooksEvent, value: unknown, broadcast: Broadcast): Promise<void> {
  await api.websocket.publish(event, { payload: JSON.stringify(value) }, broadcast);
}
