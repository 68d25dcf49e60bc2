// "Forgot your password?", Mattermost's two pages: /reset_password asks for the account's email
// address and has the server mail a reset link (the answer is the same whether or not the address
// has an account); the link opens /reset_password_complete?token=..., where the new password is set.
import { useState, type FormEvent } from 'react';
import { client } from './client.ts';
import { ActionStatus, useAction } from './action-status.tsx';
import { NavLink } from './nav-link.tsx';
import { PageHeading } from './page-heading.tsx';

export function PasswordResetSendPage() {
  const [email, setEmail] = useState('');
  const send = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (send.busy) return;
    void send.run(async () => {
      await client.sendPasswordResetEmail(email.trim());
      return `If ${email.trim()} belongs to an account, a link to reset its password is on its way; it works once, for one hour.`;
    });
  };
  return (
    <main className="login">
      <PageHeading>Password Reset</PageHeading>
      <form onSubmit={submit} aria-describedby="reset-send-error">
        <label htmlFor="reset-email">Email address of your account</label>
        <input id="reset-email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <button type="submit" disabled={send.busy}>
          Reset my password
        </button>
        <ActionStatus outcome={send.outcome} id="reset-send" />
      </form>
      <NavLink to="/login">Back to sign-in</NavLink>
    </main>
  );
}

export function PasswordResetCompletePage() {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const [password, setPassword] = useState('');
  const change = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (change.busy) return;
    void change.run(async () => {
      await client.resetUserPassword(token, password);
      setPassword('');
      return 'Your password is changed: sign in with it.';
    });
  };
  return (
    <main className="login">
      <PageHeading>Choose a New Password</PageHeading>
      <form onSubmit={submit} aria-describedby="reset-complete-error">
        <label htmlFor="reset-new-password">New password</label>
        <input id="reset-new-password" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" disabled={change.busy}>
          Change my password
        </button>
        <ActionStatus outcome={change.outcome} id="reset-complete" />
      </form>
      <NavLink to="/login">Sign in</NavLink>
    </main>
  );
}
