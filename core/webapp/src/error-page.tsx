// /error: where the server sends the browser when something it cannot answer in the app goes
// wrong (a refused single sign-on, Mattermost's /error?type=...&message=...): what happened, in
// words, and the way back to the login page.
import { PageHeading } from './page-heading.tsx';

/** Mattermost's error types that come without a message. */
const TYPE_MESSAGES: Record<string, (service: string) => string> = {
  oauth_access_denied: (service) => `${service} did not let you sign in: the sign-in was cancelled or not allowed there.`,
  oauth_missing_code: (service) => `${service} sent you back without the code this server needs to sign you in. Try again.`,
};

export function ErrorPage() {
  const params = new URLSearchParams(window.location.search);
  const service = params.get('service') || 'The sign-in provider';
  const message = params.get('message') || TYPE_MESSAGES[params.get('type') ?? '']?.(service) || 'Something went wrong, and the server could not finish what you asked.';
  return (
    <main className="login">
      <PageHeading>We could not sign you in</PageHeading>
      <p role="alert">{message}</p>
      <p>
        <a href="/login">Back to the login page</a>
      </p>
    </main>
  );
}
