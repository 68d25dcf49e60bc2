// An integration's answer (to the command request or on its response_url) as a CommandResponse:
// JSON when its Content-Type says so, else the whole body is the text (Mattermost's
// CommandResponseFromHTTPBody).
import type { CommandResponse } from '@parley/plugin-api';

/** Mattermost's CommandResponse fields this server passes on. */
export interface IntegrationResponse extends CommandResponse {
  channel_id?: string;
  skip_slack_parsing?: boolean;
}

/** Throws a SyntaxError when a JSON body is not a JSON object. */
export function parseIntegrationResponse(contentType: string, body: string): IntegrationResponse {
  if (contentType.split(';')[0].trim().toLowerCase() !== 'application/json') return { text: body };
  const parsed: unknown = JSON.parse(body);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError('the response is not a JSON object');
  return parsed as IntegrationResponse;
}

/** Slack's `<url|text>` links as Markdown (Mattermost's ParseSlackLinksToMarkdown). */
export function slackLinksToMarkdown(text: string): string {
  return text.replace(/<([^|<>]+)\|([^|<>]+)>/g, '[$2]($1)');
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const obj = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

export interface CommandIdentity {
  username: string;
  icon_url: string;
}

/**
 * The response as it is delivered for a custom command: posts look like an integration's
 * (`from_webhook`), the command's own username and icon win over the response's (as in Mattermost),
 * and Slack links become Markdown unless the response asks not to.
 */
export function integrationPost(response: IntegrationResponse, command: CommandIdentity, depth = 0): CommandResponse {
  const skipSlack = response.skip_slack_parsing === true;
  const text = str(response.text);
  const extras = depth === 0 && Array.isArray(response.extra_responses) ? response.extra_responses : [];
  return {
    response_type: response.response_type === 'in_channel' ? 'in_channel' : 'ephemeral',
    text: skipSlack ? text : slackLinksToMarkdown(text),
    username: command.username || str(response.username),
    icon_url: command.icon_url || str(response.icon_url),
    type: str(response.type),
    props: { ...obj(response.props), from_webhook: 'true' },
    goto_location: str(response.goto_location),
    attachments: Array.isArray(response.attachments) ? response.attachments : [],
    extra_responses: extras.map((extra) => integrationPost(obj(extra) as IntegrationResponse, command, 1)),
  };
}
