// Slack's link markup in text an integration sends: `<url|text>` becomes Markdown's `[text](url)`
// (Mattermost's ParseSlackLinksToMarkdown).
const LINK_WITH_TEXT = /<([^\n<|>]+)\|([^|\n>]+)>/g;

export function slackLinksToMarkdown(text: string): string {
  return text.replace(LINK_WITH_TEXT, '[$2]($1)');
}
