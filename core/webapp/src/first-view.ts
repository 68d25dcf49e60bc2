// What the page's first render shows on a chat address, prepared before React starts: who is signed
// in, whether MFA is owed, and the chat as it opens (teams, channels, the channel the address names
// with its newest posts). The answers are mostly here already: the page's startup script asked for
// them while the app's code loaded (startup/early-requests.ts). Rendering once with all of them spares
// the passes through "Loading…" screens (each a render, a commit and an effect before the next
// request is even looked at) and a second layout of the whole chat when the posts come in.
// Whatever fails here is left to the components, which ask again and say what went wrong.
import type { UserProfile } from '@mattermost/types/users';
import { client, errorStatus } from './client.ts';
import { takeEarly } from './chat/take-early.ts';
import { EARLY_PATHS } from './startup/early-answers.ts';
import { clientConfig } from './chat/client-config.ts';
import { ChatStore } from './chat/chat-store.ts';
import { loadMyWorld, loadRecentPosts } from './chat/chat-loader.ts';
import { parseChatPath } from './chat/chat-paths.ts';
import { openRoute, type Opened } from './chat/open-channel.ts';

/** The chat loaded for its first render: the store with everything in it, and the address opened. */
export interface PreparedChat {
  store: ChatStore;
  /** Undefined when the address sends elsewhere (`/`, a bare team): the chat follows it itself. */
  opened?: Opened;
}

export interface FirstView {
  /** Undefined when not asked (the app asks itself), null when nobody is signed in. */
  me?: UserProfile | null;
  /** Asked only of people without MFA, as the app does. */
  mfaEnforced?: boolean;
  chat?: PreparedChat;
}

/** The app's pages that are not the chat (the rest of the app's addresses are, see app.tsx). */
const OTHER_PAGES = ['/login', '/error', '/reset_password', '/reset_password_complete', '/plug', '/admin_console'];

export async function prepareFirstView(pathname: string): Promise<FirstView> {
  if (OTHER_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`))) return {};
  let me: UserProfile;
  try {
    me = await takeEarly(EARLY_PATHS.me, () => client.getMe(), { final: true });
  } catch (err) {
    // Signed out is an answer; any other failure the app meets again when it asks, and reports.
    return errorStatus(err) === 401 ? { me: null } : {};
  }
  const withoutMfa = !me.mfa_active && !me.is_bot;
  const mfaEnforced = withoutMfa ? await clientConfig().then((config) => config.EnforceMultifactorAuthentication === 'true', () => false) : undefined;
  if (mfaEnforced) return { me, mfaEnforced };
  try {
    const store = new ChatStore(me);
    await loadMyWorld(store);
    const opened = await openRoute(store, parseChatPath(pathname));
    if (opened.kind === 'redirect') return { me, mfaEnforced, chat: { store } };
    // A permalink looks back through older pages for its post: the channel view does that itself.
    if (opened.kind === 'channel' && !opened.highlightPostId) {
      await loadRecentPosts(store, opened.channelId);
      store.notePostsPreloaded(opened.channelId);
    }
    return { me, mfaEnforced, chat: { store, opened } };
  } catch {
    return { me, mfaEnforced };
  }
}
