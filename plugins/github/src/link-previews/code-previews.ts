// Code previews for GitHub permalinks, without slowing anyone's post: messageWillBePosted is not
// used (a GitHub round trip would eat its budget); once the post is saved, messageHasBeenPosted
// reads the linked lines from GitHub — with the poster's token when they are connected, else
// without one, which reaches public repositories only — and edits the post, putting each snippet
// where its link was, as Mattermost's plugin does. EnableCodePreview: `disable` turns this off;
// `public` (the default) previews only public repositories, even for a poster who could read a
// private one, since everyone in the channel will read the snippet.
import type { PluginAPI, Post } from '@parley/plugin-api';
import type { Connections } from '../connect/connections.ts';
import { GitHubApiError } from '../github-api/github-api-error.ts';
import { GitHubClient } from '../github-api/github-client.ts';
import { githubUrls } from '../github-api/github-urls.ts';
import { readSettings } from '../settings.ts';
import { codeSnippet, findPermalinks, withSnippets, type Permalink } from './permalinks.ts';

/** The longest message the server keeps; a preview that would pass it is left out. */
const MAX_MESSAGE_CHARS = 16383;

export function codePreviews(api: PluginAPI, connections: Connections): (post: Post) => Promise<void> {
  return async (post) => {
    // Only people's plain messages (not system messages, not what the plugin itself posts).
    if (post.type !== '' || !post.user_id || !post.message.includes('/blob/')) return;
    const settings = await readSettings(api);
    if (settings.EnableCodePreview === 'disable') return;
    const urls = githubUrls(settings);
    const links = findPermalinks(post.message, urls.web);
    if (links.length === 0) return;
    const token = settings.GitHubOAuthClientID ? await connections.token(post.user_id) : null;
    const client = new GitHubClient(api, urls.api, token ?? '');
    const snippets: Array<{ link: Permalink; snippet: string }> = [];
    for (const link of links) {
      const snippet = await previewOf(client, link, settings.EnableCodePreview === 'privateAndPublic').catch(async (err: unknown) => {
        // A link to nothing, or to what the poster cannot read, simply gets no preview.
        if (!(err instanceof GitHubApiError && [401, 403, 404].includes(err.githubStatus))) await api.log.warn('a GitHub code preview failed', { post_id: post.id, error: (err as Error).message });
        return undefined;
      });
      if (snippet) snippets.push({ link, snippet });
    }
    if (snippets.length === 0) return;
    // Each snippet is kept only while the message stays within the server's limit.
    while (snippets.length > 0 && withSnippets(post.message, snippets).length > MAX_MESSAGE_CHARS) snippets.pop();
    if (snippets.length === 0) return;
    await api.posts.update({ id: post.id, message: withSnippets(post.message, snippets) });
  };
}

async function previewOf(client: GitHubClient, link: Permalink, privateToo: boolean): Promise<string | undefined> {
  if (!privateToo && (await client.getRepository(link.owner, link.repo)).private) return undefined;
  return codeSnippet(link, await client.getFileText(link.owner, link.repo, link.path, link.commit));
}
