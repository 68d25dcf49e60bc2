// What of a post's props its readers' clients may see. Message attachment actions carry
// `integration: {url, context}` — where the server sends a click, and what it sends along — which
// can hold secrets of the integration (tokens in URLs, ids in context). Like Mattermost's
// StripActionIntegrations, clients get the actions without it; the server and plugins keep it.
// An ephemeral post is never stored, so its actions carry their integration sealed in a `cookie`
// instead (integration-secrets.ts), which the client sends back with the click.

/**
 * `props` without the integrations of attachment actions, each replaced by its cookie when
 * `cookies` (by action id) has one; the same object when there are no actions.
 */
export function clientPostProps(props: Record<string, unknown>, cookies?: ReadonlyMap<string, string>): Record<string, unknown> {
  const attachments = props.attachments;
  if (!Array.isArray(attachments) || !attachments.some(hasActions)) return props;
  return { ...props, attachments: attachments.map((attachment) => (hasActions(attachment) ? withoutIntegrations(attachment, cookies) : attachment)) };
}

function hasActions(attachment: unknown): attachment is { actions: unknown[] } {
  return typeof attachment === 'object' && attachment !== null && Array.isArray((attachment as { actions?: unknown }).actions);
}

function withoutIntegrations(attachment: { actions: unknown[] }, cookies: ReadonlyMap<string, string> | undefined): Record<string, unknown> {
  return {
    ...attachment,
    actions: attachment.actions.map((action) => {
      if (typeof action !== 'object' || action === null || !('integration' in action)) return action;
      const { integration: _secret, ...visible } = action as Record<string, unknown>;
      const cookie = typeof visible.id === 'string' ? cookies?.get(visible.id) : undefined;
      return cookie === undefined ? visible : { ...visible, cookie };
    }),
  };
}
