// Reads the plugin's WebSocket events in the views: like Mattermost Playbooks, the server sends each
// event's value JSON-encoded in `data.payload` (src/websocket-events.ts).

/** The value an event carries, or null when its payload is missing or not JSON. */
export function eventValue(data: Record<string, unknown>): Record<string, unknown> | null {
  if (typeof data.payload !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data.payload);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
