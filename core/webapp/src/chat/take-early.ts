// The answers of the page's early requests (startup/early-requests.ts), each taken once by the code
// that would otherwise have asked. Without one (the script did not run, or the answer was taken
// already) that code asks itself, as it does when the early request failed — unless told the early
// answer is final (who is signed in: a 401 then means signed out, and asking again would say so too).
import type { PostList } from '@mattermost/types/posts';
import type { UserProfile } from '@mattermost/types/users';
import { ClientError } from '@mattermost/client';
import type { EarlyAnswer } from '../startup/early-answers.ts';

const succeeded = (answer: EarlyAnswer) => answer.status >= 200 && answer.status < 300;

function asClientError(answer: EarlyAnswer): ClientError {
  const body = (answer.body ?? {}) as { message?: string; id?: string };
  return new ClientError(window.location.origin, { message: body.message ?? `HTTP ${answer.status}`, server_error_id: body.id, status_code: answer.status });
}

/** The early answer to GET `path` (EARLY_PATHS), used once, else `ask()`. */
export function takeEarly<T>(path: string, ask: () => Promise<T>, options: { final?: boolean } = {}): Promise<T> {
  const request = window.parleyEarly?.gets[path];
  if (!request) return ask();
  delete window.parleyEarly!.gets[path];
  return request.then(
    (answer) => {
      if (succeeded(answer)) return answer.body as T;
      if (options.final) throw asClientError(answer);
      return ask();
    },
    () => ask(),
  );
}

/** The early first page of `channelId`'s posts and its authors (used once), or undefined. */
export async function takeEarlyPosts(channelId: string): Promise<{ list: PostList; authors: UserProfile[] } | undefined> {
  const request = window.parleyEarly?.posts;
  if (!request) return undefined;
  const page = await request.catch(() => undefined);
  if (!page || page.channelId !== channelId || !succeeded(page.list) || !succeeded(page.authors)) return undefined;
  delete window.parleyEarly!.posts;
  return { list: page.list.body as PostList, authors: page.authors.body as UserProfile[] };
}
