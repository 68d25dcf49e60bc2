// Mattermost's PluginState numbers (GET /plugins/statuses) as the System Console names them.
const PLUGIN_STATE_LABELS: Record<number, string> = {
  0: 'Not running',
  1: 'Starting',
  2: 'Running',
  3: 'Failed to start',
  4: 'Failed to stay running',
  5: 'Stopping',
};

export const RUNNING = 2;

export function stateLabel(state: number): string {
  return PLUGIN_STATE_LABELS[state] ?? `Unknown state ${state}`;
}
