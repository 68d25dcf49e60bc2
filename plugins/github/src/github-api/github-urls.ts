// Where GitHub is: github.com, or a GitHub Enterprise Server whose base URL the admin set (its REST
// API under `<base>/api/v3/`, its OAuth endpoints under `<base>/login/oauth/`).
import type { GitHubSettings } from '../settings.ts';

export interface GitHubUrls {
  /** The web site, for links people click: `https://github.com` or the Enterprise base. */
  web: string;
  /** The REST API's root, ending in `/`. */
  api: string;
  authorize: string;
  token: string;
}

export function githubUrls(settings: Pick<GitHubSettings, 'EnterpriseBaseURL'>): GitHubUrls {
  const base = settings.EnterpriseBaseURL.trim().replace(/\/+$/, '');
  if (!base) {
    return { web: 'https://github.com', api: 'https://api.github.com/', authorize: 'https://github.com/login/oauth/authorize', token: 'https://github.com/login/oauth/access_token' };
  }
  return { web: base, api: `${base}/api/v3/`, authorize: `${base}/login/oauth/authorize`, token: `${base}/login/oauth/access_token` };
}
