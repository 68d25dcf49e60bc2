// Setting up multi-factor authentication: the server makes a secret (POST /users/{id}/mfa/generate),
// shown as a QR code to scan and as text to type, and MFA is switched on by a code the authenticator
// app then shows (PUT /users/{id}/mfa). Used from the account menu and by the page a user is sent
// to when the server enforces MFA.
import { useState, type FormEvent } from 'react';
import type { MfaSecret } from '@mattermost/types/mfa';
import { client } from './client.ts';
import { ActionStatus, useAction } from './action-status.tsx';

export function MfaSetup({ userId, onActivated }: { userId: string; onActivated: () => void }) {
  const [generated, setGenerated] = useState<MfaSecret | null>(null);
  const [code, setCode] = useState('');
  const action = useAction();

  const start = () =>
    void action.run(async () => {
      setGenerated(await client.generateMfaSecret(userId));
      return 'Scan the QR code, then enter the code your app shows.';
    });
  const activate = async (event: FormEvent) => {
    event.preventDefault();
    const done = await action.run(async () => {
      await client.updateUserMfa(userId, true, code.trim());
      return 'Multi-factor authentication is on.';
    });
    if (done) onActivated();
  };

  if (!generated) {
    return (
      <div className="stacked-form">
        <p className="help">Signing in will take a code from an authenticator app (such as FreeOTP, Aegis or Google Authenticator) as well as your password.</p>
        <button type="button" disabled={action.busy} onClick={start}>
          Set up multi-factor authentication
        </button>
        <ActionStatus outcome={action.outcome} id="mfa-setup" />
      </div>
    );
  }
  return (
    <form className="stacked-form mfa-setup" onSubmit={activate} noValidate>
      <img className="mfa-qr" src={`data:image/png;base64,${generated.qr_code}`} alt="QR code of your MFA secret, to scan with your authenticator app" width={180} height={180} />
      <p className="help">
        Or type this secret into the app: <code className="mfa-secret">{generated.secret}</code>
      </p>
      <label htmlFor="mfa-setup-code">Code from the app</label>
      <input id="mfa-setup-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required value={code} onChange={(e) => setCode(e.target.value)} />
      <div className="dialog-actions">
        <button type="submit" disabled={action.busy || code.trim() === ''}>
          Activate
        </button>
      </div>
      <ActionStatus outcome={action.outcome} id="mfa-setup" />
    </form>
  );
}
