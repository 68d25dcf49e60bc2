// Authentication > Email: signing up and signing in with an email address (or username) and a
// password, Mattermost's EmailSettings.
import { SettingsPage, type SettingGroups } from './site-configuration-page.tsx';

const section = 'EmailSettings';

const GROUPS: SettingGroups = [
  {
    title: 'Email sign-up and sign-in',
    settings: [
      { section, key: 'EnableSignUpWithEmail', label: 'Enable account creation with email', type: 'bool', help: 'True: people can create an account with an email address and a password. False: accounts come from single sign-on or AD/LDAP only.' },
      { section, key: 'RequireEmailVerification', label: 'Require Email Verification', type: 'bool', help: 'True: a new account must verify its email address before it can sign in.' },
      { section, key: 'EnableSignInWithEmail', label: 'Enable sign-in with email', type: 'bool', help: 'True: the login page accepts an email address with the password.' },
      { section, key: 'EnableSignInWithUsername', label: 'Enable sign-in with username', type: 'bool', help: 'True: the login page accepts a username with the password.' },
    ],
  },
];

export function EmailAuthPage() {
  return <SettingsPage title="Email" idPrefix="email" groups={GROUPS} />;
}
