// Authentication > Password: what a new password must contain and how many wrong ones lock an
// account (Mattermost's PasswordSettings and ServiceSettings.MaximumLoginAttempts).
import { SettingsPage, type SettingGroups } from './site-configuration-page.tsx';

const section = 'PasswordSettings';

const GROUPS: SettingGroups = [
  {
    title: 'Password requirements',
    settings: [
      { section, key: 'MinimumLength', label: 'Minimum Password Length', type: 'number', help: 'The fewest characters a password may have, from 5 to 72.' },
      { section, key: 'Lowercase', label: 'At least one lowercase letter', type: 'bool', help: 'True: a password needs a lowercase letter.' },
      { section, key: 'Uppercase', label: 'At least one uppercase letter', type: 'bool', help: 'True: a password needs an uppercase letter.' },
      { section, key: 'Number', label: 'At least one number', type: 'bool', help: 'True: a password needs a digit.' },
      { section, key: 'Symbol', label: 'At least one symbol', type: 'bool', help: 'True: a password needs a symbol, such as "!" or "#".' },
    ],
  },
  {
    title: 'Sign-in attempts',
    settings: [
      { section: 'ServiceSettings', key: 'MaximumLoginAttempts', label: 'Maximum Login Attempts', type: 'number', help: 'After this many wrong passwords in a row an account is locked until a system admin resets its password.' },
    ],
  },
];

export function PasswordPage() {
  return <SettingsPage title="Password" idPrefix="password" groups={GROUPS} />;
}
