// Reading GitHub's webhook payloads without trusting their shape: every accessor answers a default
// for a field that is missing or of another type, so a payload GitHub changes cannot crash a render.
export type Json = Record<string, unknown>;

export function field(value: unknown, name: string): Json {
  const inner = typeof value === 'object' && value !== null ? (value as Json)[name] : undefined;
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Json) : {};
}

export function text(value: unknown, name: string): string {
  const inner = typeof value === 'object' && value !== null ? (value as Json)[name] : undefined;
  return typeof inner === 'string' ? inner : typeof inner === 'number' ? String(inner) : '';
}

export function list(value: unknown, name: string): Json[] {
  const inner = typeof value === 'object' && value !== null ? (value as Json)[name] : undefined;
  return Array.isArray(inner) ? inner.filter((item): item is Json => typeof item === 'object' && item !== null) : [];
}

export function flag(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && (value as Json)[name] === true;
}

/** The names of the labels on an issue, pull request or discussion. */
export function labelNames(item: Json): string[] {
  return list(item, 'labels').map((label) => text(label, 'name'));
}

/** The repository a delivery is about: its full name as GitHub spells it, and whether it is private. */
export function repositoryOf(payload: Json): { fullName: string; private: boolean; url: string } | undefined {
  const repo = field(payload, 'repository');
  const fullName = text(repo, 'full_name');
  if (!fullName) return undefined;
  return { fullName, private: flag(repo, 'private'), url: text(repo, 'html_url') };
}
