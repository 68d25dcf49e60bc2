// The names of the standard emoji every client already draws (emoji-datasource, the data set
// Mattermost's own list comes from): a custom emoji may not take one of them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let names: ReadonlySet<string> | undefined;

/** True when `name` is a standard emoji's short name (`smile`, `+1`, `thumbsup`). */
export function isSystemEmojiName(name: string): boolean {
  names ??= loadNames();
  return names.has(name);
}

function loadNames(): ReadonlySet<string> {
  const file = createRequire(import.meta.url).resolve('emoji-datasource/emoji.json');
  const entries = JSON.parse(readFileSync(file, 'utf8')) as Array<{ short_names: string[] }>;
  return new Set(entries.flatMap((entry) => entry.short_names));
}
