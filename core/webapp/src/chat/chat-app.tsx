// The end-user web client at `/`: loads the user's teams and channels, keeps them live over the
// WebSocket, and shows the team sidebar, the channel sidebar and the channel the address names.
import { useEffect, useRef, useState } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorText } from '../client.ts';
import { navigate, usePath } from '../navigation.ts';
import { ChatStore, ChatStoreContext, useChat, useChatStore } from './chat-store.ts';
import { loadMyWorld } from './chat-loader.ts';
import { connectChatSocket, type ChatSocket } from './chat-socket.ts';
import { parseChatPath } from './chat-paths.ts';
import { openRoute, type Opened } from './open-channel.ts';
import { rememberLastChannel } from './last-channel.ts';
import { TeamSidebar } from './team-sidebar.tsx';
import { ChannelSidebar } from './channel-sidebar.tsx';
import { PhoneDrawer } from './phone-drawer.tsx';
import { ChannelView } from './channel-view.tsx';
import { JoinTeamPage } from './join-team-page.tsx';
import { ChannelSwitcher } from './channel-switcher.tsx';
import { ConnectionBanner } from './connection-banner.tsx';
import { useTabTitle } from './tab-title.ts';
import { ChatSocketContext } from './chat-socket-context.ts';
import { ChatSurfaceHost } from './surface-host.tsx';
import { RightHandPanel } from './right-hand-panel.tsx';
import { DialogHost } from './dialog-host.tsx';
import { AppBar } from '../plugin-surfaces/app-bar.tsx';
import { ThreadsView } from './threads/threads-view.tsx';
import { isManuallyUnread } from './views/mark-unread.ts';
import { StatusPolling } from './people/status-polling.tsx';
import { CallsLayerSlot } from '../calls/calls-slots.tsx';
import type { PreparedChat } from '../first-view.ts';

/** How long after a live post in the open channel the server is told it was read (several posts, one call). */
const MARK_READ_DELAY_MS = 500;

/** `prepared`: the store loaded before the page's first render (first-view.ts), and the address it opened. */
export function ChatApp({ me, onLogOut, prepared }: { me: UserProfile; onLogOut: () => void; prepared?: PreparedChat }) {
  const [store] = useState(() => prepared?.store ?? new ChatStore(me));
  const worldLoaded = useRef(prepared !== undefined);
  const [ready, setReady] = useState(false);
  const [problem, setProblem] = useState('');
  const [socket, setSocket] = useState<ChatSocket | null>(null);
  const reading = useRef('');

  useEffect(() => {
    let live: ChatSocket | undefined;
    let cancelled = false;
    const pendingReads = new Map<string, ReturnType<typeof setTimeout>>();
    const markRead = (channelId: string) => {
      if (pendingReads.has(channelId)) return;
      pendingReads.set(
        channelId,
        setTimeout(() => {
          pendingReads.delete(channelId);
          if (isManuallyUnread(channelId)) return;
          client.viewMyChannel(channelId).catch(() => undefined); // the next view of the channel tells the server again
        }, MARK_READ_DELAY_MS),
      );
    };
    (worldLoaded.current ? Promise.resolve() : loadMyWorld(store)).then(
      () => {
        if (cancelled) return;
        live = connectChatSocket(store, { readingChannelId: () => (document.visibilityState === 'visible' && !isManuallyUnread(reading.current) ? reading.current : ''), markRead }, setProblem, onLogOut);
        setSocket(live);
        setReady(true);
      },
      (err: unknown) => setProblem(`Your teams and channels could not be loaded: ${errorText(err)}`),
    );
    return () => {
      cancelled = true;
      live?.close();
      for (const timer of pendingReads.values()) clearTimeout(timer);
    };
  }, [store]);

  if (problem && !ready) return <p role="alert" className="error page-message">{problem}</p>;
  if (!ready || !socket) return <p role="status" className="page-message">Loading your teams…</p>;
  return (
    <ChatStoreContext.Provider value={store}>
      <ChatSocketContext.Provider value={socket}>
        <ChatRoutes onLogOut={onLogOut} reading={reading} problem={problem} firstOpened={prepared?.opened} />
      </ChatSocketContext.Provider>
    </ChatStoreContext.Provider>
  );
}

/** `firstOpened`: the address as first-view.ts opened it already, so the first render shows it at once. */
function ChatRoutes({ onLogOut, reading, problem, firstOpened }: { onLogOut: () => void; reading: { current: string }; problem: string; firstOpened?: Opened }) {
  const path = usePath();
  const store = useChatStore();
  const [opened, setOpened] = useState<Opened | undefined>(firstOpened);
  const openedAlready = useRef(firstOpened !== undefined);
  const [switcherOpen, setSwitcherOpen] = useState(false);
  const teams = useChat((s) => s.teams);

  useEffect(() => {
    if (openedAlready.current) {
      openedAlready.current = false;
      return;
    }
    let current = true;
    openRoute(store, parseChatPath(path)).then((result) => {
      if (!current) return;
      if (result.kind === 'redirect') navigate(result.to, { replace: true });
      else setOpened(result);
    });
    return () => {
      current = false;
    };
    // Teams joined or left change what `/` and a team's address open.
  }, [store, path, teams]);

  const open = opened?.kind === 'channel' ? opened : undefined;
  const threadsPage = opened?.kind === 'threads' ? opened : undefined;
  const team = open ? teams[open.teamId] : threadsPage ? teams[threadsPage.teamId] : undefined;
  reading.current = open?.channelId ?? '';
  useEffect(() => {
    if (team && open && !open.highlightPostId) rememberLastChannel(store.state.me.id, { teamName: team.name, path });
  }, [store, team, open, path]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setSwitcherOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useTabTitle(open?.channelId, team?.display_name);

  if (!opened) return <p role="status" className="page-message">Opening…</p>;
  if (opened.kind === 'no-team') return <JoinTeamPage onLogOut={onLogOut} />;
  return (
    <ChatSurfaceHost>
    <div className="chat">
      <a className="skip-link" href="#composer-text">
        Skip to the message box
      </a>
      <ConnectionBanner />
      <StatusPolling channelId={open?.channelId} />
      {problem && (
        <p role="alert" className="error chat-problem">
          {problem}
        </p>
      )}
      <PhoneDrawer title={team?.display_name ?? ''}>
        <TeamSidebar currentTeamId={team?.id} />
        {team ? <ChannelSidebar team={team} currentChannelId={open?.channelId} onLogOut={onLogOut} onFindChannel={() => setSwitcherOpen(true)} /> : <div />}
      </PhoneDrawer>
      {open && team ? (
        <ChannelView key={open.channelId} team={team} channelId={open.channelId} highlightPostId={open.highlightPostId} />
      ) : threadsPage && team ? (
        <ThreadsView team={team} threadId={threadsPage.threadId} />
      ) : (
        <main className="channel-view page-message">
          <h1>Nothing to show here</h1>
          <p role="alert">{opened.kind === 'problem' ? opened.text : ''}</p>
          <p>
            <a href="/">Go to your channels</a>
          </p>
        </main>
      )}
      <RightHandPanel />
      <DialogHost currentTeam={team} />
      <CallsLayerSlot />
      <AppBar place={{ teamId: team?.id ?? '', channelId: open?.channelId ?? '', postId: '' }} />
      {switcherOpen && team && <ChannelSwitcher team={team} onClose={() => setSwitcherOpen(false)} />}
    </div>
    </ChatSurfaceHost>
  );
}
