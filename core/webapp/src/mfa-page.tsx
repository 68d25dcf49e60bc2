// Authentication > MFA: sign-in codes from an authenticator app (Mattermost's ServiceSettings
// multi-factor settings). A person's MFA is removed on their page in User Management > Users.
import { SettingsPage, type SettingGroups } from './site-configuration-page.tsx';

const section = 'ServiceSettings';

const GROUPS: SettingGroups = [
  {
    title: 'Multi-factor authentication',
    settings: [
      { section, key: 'EnableMultifactorAuthentication', label: 'Enable Multi-factor Authentication', type: 'bool', help: 'True: people who sign in with a password or AD/LDAP can add a code from an authenticator app to their sign-in, in their account menu.' },
      { section, key: 'EnforceMultifactorAuthentication', label: 'Enforce Multi-factor Authentication', type: 'bool', help: 'True: people who sign in with a password or AD/LDAP must set MFA up before they can use the server. Needs the setting above.' },
    ],
  },
];

export function MfaPage() {
  return <SettingsPage title="Multi-factor Authentication" idPrefix="mfa" groups={GROUPS} />;
}
