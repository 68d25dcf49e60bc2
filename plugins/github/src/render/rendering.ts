// What a renderer produces, and how a subscription's render style shapes it into a post's message.
export type RenderStyle = 'default' | 'skip-body' | 'collapsed';

export const RENDER_STYLES: readonly RenderStyle[] = ['default', 'skip-body', 'collapsed'];

/** One event as a post: a headline, detail lines and a quoted body, put together by style. */
export interface Rendered {
  /** One line naming the repository, the thing and who did what. */
  headline: string;
  /** Further facts (branch, labels, commits), left out by `collapsed`. */
  details?: string[];
  /** The description or comment, already quoted; left out by `skip-body` and `collapsed`. */
  body?: string;
  /** Mattermost's post props naming the GitHub object (`gh_repo`, `gh_object_id`, `gh_object_type`). */
  props?: Record<string, unknown>;
}

/** Why a delivery is not posted at all, whatever the subscription. */
export interface Skipped {
  skip: string;
}

export interface RenderOptions {
  /** ShowAuthorInCommitNotification. */
  showCommitAuthor: boolean;
}

export function isSkipped(value: Rendered | Skipped): value is Skipped {
  return 'skip' in value;
}

export function messageFor(rendered: Rendered, style: RenderStyle): string {
  const parts = [rendered.headline];
  if (style !== 'collapsed' && rendered.details?.length) parts.push(rendered.details.join('\n'));
  if (style === 'default' && rendered.body) parts.push(rendered.body);
  return parts.join('\n');
}
