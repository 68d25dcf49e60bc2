// The fields of GitHub's REST answers the plugin reads (GitHub sends many more).
export interface GitHubUser {
  login: string;
  id: number;
  html_url: string;
  name?: string | null;
}

/** A user or organization, as `GET /users/{login}` and `GET /orgs/{org}` answer it. */
export interface GitHubAccount {
  login: string;
  id: number;
  html_url: string;
  /** `User` or `Organization` (absent from `/orgs/{org}`). */
  type?: string;
}

export interface GitHubRepository {
  full_name: string;
  private: boolean;
  html_url: string;
}

export interface GitHubIssue {
  number: number;
  title: string;
  state: string;
  html_url: string;
  repository_url: string;
  user: { login: string };
  updated_at: string;
  /** Present on pull requests. */
  pull_request?: { html_url: string };
}

export interface GitHubNotification {
  id: string;
  unread: boolean;
  reason: string;
  updated_at: string;
  subject: { title: string; url: string | null; type: string };
  repository: { full_name: string; html_url: string };
}
