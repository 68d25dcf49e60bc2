// What the user menu offers about me: my status, my custom status (set or clear it), my profile and,
// where the server allows it, multi-factor authentication.
// The dialogs render into the page's body, outside the menu, which may close while they are open.
import { lazy, Suspense, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { errorText } from '../../client.ts';
import { useChat, useChatStore } from '../chat-store.ts';
import { EmojiGlyph } from '../reactions/emoji-glyph.tsx';
import { StatusChoices } from './status-choices.tsx';
import { CustomStatusDialog } from './custom-status-dialog.tsx';
import { ProfileDialog } from './profile-dialog.tsx';
import { clientConfig } from '../client-config.ts';
import { clearCustomStatus, customStatusOf, untilText } from './custom-status.ts';
import { reloadMe } from './user-updates.ts';

// Opened rarely: fetched the first time it is.
const MfaDialog = lazy(() => import('./mfa-dialog.tsx').then((m) => ({ default: m.MfaDialog })));

export function PeopleMenuItems() {
  const store = useChatStore();
  const me = useChat((s) => s.me);
  const [dialog, setDialog] = useState<'custom-status' | 'profile' | 'mfa' | null>(null);
  const [problem, setProblem] = useState('');
  const [mfaEnabled, setMfaEnabled] = useState(false);
  useEffect(() => {
    clientConfig().then((config) => setMfaEnabled(config.EnableMultifactorAuthentication === 'true'), () => undefined);
  }, []);
  const custom = customStatusOf(me);
  const close = () => setDialog(null);
  const clear = () =>
    clearCustomStatus()
      .then(() => reloadMe(store))
      .then(
        () => setProblem(''),
        (err: unknown) => setProblem(`Your custom status could not be cleared: ${errorText(err)}`),
      );
  return (
    <>
      <li className="custom-status-item">
        <button type="button" className="quiet" onClick={() => setDialog('custom-status')}>
          {custom ? (
            <>
              <EmojiGlyph name={custom.emoji} /> {custom.text || 'Custom status'}
              {untilText(custom) && <span className="help"> {untilText(custom)}</span>}
            </>
          ) : (
            'Set a custom status'
          )}
        </button>
        {custom && (
          <button type="button" className="quiet" aria-label="Clear custom status" onClick={clear}>
            ×
          </button>
        )}
        {problem && <p role="alert" className="error">{problem}</p>}
      </li>
      <StatusChoices />
      <li>
        <button type="button" className="quiet" onClick={() => setDialog('profile')}>
          Profile
        </button>
      </li>
      {mfaEnabled && (
        <li>
          <button type="button" className="quiet" onClick={() => setDialog('mfa')}>
            Multi-factor authentication
          </button>
        </li>
      )}
      {dialog === 'custom-status' && createPortal(<CustomStatusDialog onClose={close} />, document.body)}
      {dialog === 'profile' && createPortal(<ProfileDialog onClose={close} />, document.body)}
      {dialog === 'mfa' &&
        createPortal(
          <Suspense fallback={null}>
            <MfaDialog onClose={close} />
          </Suspense>,
          document.body,
        )}
    </>
  );
}
