// GitHub as an OAuth 2.0 provider for api.oauth: the OAuth app of the settings, on github.com or the
// Enterprise server, asking for private-repository access (`repo`) or public only (`public_repo`),
// with the notifications and organisation-reading scopes the to-do list and subscriptions use.
import type { OAuthProvider } from '@parley/plugin-api';
import { githubUrls } from '../github-api/github-urls.ts';
import type { GitHubSettings } from '../settings.ts';

export function githubOAuthProvider(settings: GitHubSettings, privateAccess: boolean): OAuthProvider {
  const urls = githubUrls(settings);
  return {
    authorize_url: urls.authorize,
    token_url: urls.token,
    client_id: settings.GitHubOAuthClientID.trim(),
    client_secret: settings.GitHubOAuthClientSecret.trim(),
    scopes: [privateAccess ? 'repo' : 'public_repo', 'notifications', 'read:org'],
  };
}

/** Whether an admin set up the OAuth app; nothing can connect before. */
export function isOAuthConfigured(settings: GitHubSettings): boolean {
  return settings.GitHubOAuthClientID.trim() !== '' && settings.GitHubOAuthClientSecret.trim() !== '';
}

/** Whether a connection asked for with `private` (or not) gets private access, by the settings. */
export function wantsPrivateAccess(settings: GitHubSettings, asked: boolean): boolean {
  return settings.EnablePrivateRepo && (asked || settings.ConnectToPrivateByDefault);
}
