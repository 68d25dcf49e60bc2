// Where the call UI appears in the chat, in the first-load bundle: tiny slots that render nothing
// until the Calls plugin runs (it lists itself in GET /api/v4/plugins/ui), then load the call UI
// (calls-ui.tsx, with its WebRTC code) as a separate chunk. The call UI is a first-party client
// module rather than a plugin view: a sandboxed view cannot get the microphone (plugins/calls/README.md).
import { lazy, Suspense, type ReactNode } from 'react';
import type { Post } from '@mattermost/types/posts';
import type { ServerChannel } from '@mattermost/types/channels';
import { usePluginUi } from '../plugin-surfaces/plugin-ui-store.ts';
import { CALLS_PLUGIN_ID } from './calls-api.ts';

const loadCallsUi = () => import('./calls-ui.tsx');
const CallButton = lazy(() => loadCallsUi().then((m) => ({ default: m.CallButton })));
const CallPost = lazy(() => loadCallsUi().then((m) => ({ default: m.CallPost })));
const CallsLayer = lazy(() => loadCallsUi().then((m) => ({ default: m.CallsLayer })));

function useCallsRunning(): boolean {
  const { plugins = [] } = usePluginUi();
  return plugins.some((plugin) => plugin.plugin_id === CALLS_PLUGIN_ID);
}

function WhenCallsRun({ children, otherwise = null }: { children: ReactNode; otherwise?: ReactNode }) {
  return useCallsRunning() ? <Suspense fallback={otherwise}>{children}</Suspense> : <>{otherwise}</>;
}

export function CallButtonSlot({ channel }: { channel: ServerChannel }) {
  return (
    <WhenCallsRun>
      <CallButton channel={channel} />
    </WhenCallsRun>
  );
}

/** A `custom_calls` post; `fallback` (its message) where the plugin does not run. */
export function CallPostSlot({ post, fallback }: { post: Post; fallback: ReactNode }) {
  return (
    <WhenCallsRun otherwise={fallback}>
      <CallPost post={post} />
    </WhenCallsRun>
  );
}

export function CallsLayerSlot() {
  return (
    <WhenCallsRun>
      <CallsLayer />
    </WhenCallsRun>
  );
}
