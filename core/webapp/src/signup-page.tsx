// Authentication > Signup: who may create an account (Mattermost's TeamSettings sign-up settings).
import { SettingsPage, type SettingGroups } from './site-configuration-page.tsx';

const section = 'TeamSettings';

const GROUPS: SettingGroups = [
  {
    title: 'Account creation',
    settings: [
      { section, key: 'EnableUserCreation', label: 'Enable Account Creation', type: 'bool', help: 'False: nobody can create an account, whatever the sign-in method; system admins still can.' },
      { section, key: 'RestrictCreationToDomains', label: 'Restrict new system and team members to specified email domains', type: 'text', help: 'Comma-separated email domains, such as "corp.example.com, example.org": new accounts and new team members must have an address in one of them. Empty: any domain.' },
      { section, key: 'EnableOpenServer', label: 'Enable Open Server', type: 'bool', help: 'True: anyone can sign up without an invitation. False: an invite link or a system admin is needed.' },
    ],
  },
];

export function SignupPage() {
  return <SettingsPage title="Signup" idPrefix="signup" groups={GROUPS} />;
}
