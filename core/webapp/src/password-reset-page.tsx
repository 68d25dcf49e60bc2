// "Forgot your password?", Mattermost's two pages: /reset_password asks for the account's email
// address and has the server mail a reset link (the answer is the same whether or not the address
// has an account); the link opens /reset_password_complete?token=..., where the new password is set.
import { useState, type FormEvent } from 'react';
import { client } from './client.ts';
import { ActionStatus, useAction } from './action-status.tsx';
import { NavLink } from './nav-link.tsx';
import { PageHeading } from './page-heading.tsx';

export function PasswordResetSendPage() {
  return (
    <OneFieldPage
      heading="Password Reset"
      id="reset-send"
      label="Email address of your account"
      type="email"
      submitLabel="Reset my password"
      back={{ to: '/login', label: 'Back to sign-in' }}
      send={async (value) => {
        const email = value.trim();
        await client.sendPasswordResetEmail(email);
        return `If ${email} belongs to an account, a link to reset its password is on its way; it works once, for one hour.`;
      }}
    />
  );
}

export function PasswordResetCompletePage() {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  return (
    <OneFieldPage
      heading="Choose a New Password"
      id="reset-complete"
      label="New password"
      type="password"
      submitLabel="Change my password"
      back={{ to: '/login', label: 'Sign in' }}
      send={async (password) => {
        await client.resetUserPassword(token, password);
        return 'Your password is changed: sign in with it.';
      }}
    />
  );
}

interface OneFieldPageProps {
  heading: string;
  id: string;
  label: string;
  type: 'email' | 'password';
  submitLabel: string;
  back: { to: string; label: string };
  /** Sends the field's value; resolves to the text shown on success. */
  send: (value: string) => Promise<string>;
}

/** A signed-out page with one field and its button; the field empties once the server accepts it. */
function OneFieldPage({ heading, id, label, type, submitLabel, back, send }: OneFieldPageProps) {
  const [value, setValue] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (action.busy) return;
    void action.run(async () => {
      const text = await send(value);
      setValue('');
      return text;
    });
  };
  return (
    <main className="login">
      <PageHeading>{heading}</PageHeading>
      <form onSubmit={submit} aria-describedby={`${id}-error`}>
        <label htmlFor={`${id}-field`}>{label}</label>
        <input id={`${id}-field`} type={type} autoComplete={type === 'email' ? 'email' : 'new-password'} required value={value} onChange={(e) => setValue(e.target.value)} />
        <button type="submit" disabled={action.busy}>
          {submitLabel}
        </button>
        <ActionStatus outcome={action.outcome} id={id} />
      </form>
      <NavLink to={back.to}>{back.label}</NavLink>
    </main>
  );
}
