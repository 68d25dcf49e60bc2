// Authentication > Guest Access: accounts limited to the channels they are invited to
// (Mattermost's GuestAccountsSettings). People are promoted or demoted on their page in Users.
import { SettingsPage, type SettingGroups } from './site-configuration-page.tsx';

const section = 'GuestAccountsSettings';

const GROUPS: SettingGroups = [
  {
    title: 'Guest accounts',
    settings: [
      { section, key: 'Enable', label: 'Enable Guest Access', type: 'bool', help: 'True: guests can be invited to chosen channels; they see only those channels and their members. False: existing guests can no longer sign in.' },
      { section, key: 'RestrictCreationToDomains', label: 'Whitelisted Guest Domains', type: 'text', help: 'Comma-separated email domains guests may be invited from, such as "partner.example.com". Empty: any domain.' },
      { section, key: 'EnforceMultifactorAuthentication', label: 'Enforce Multi-factor Authentication', type: 'bool', help: 'True: guests must set multi-factor authentication up before they can use the server.' },
      { section, key: 'AllowEmailAccounts', label: 'Allow Email Accounts', type: 'bool', help: 'False: guests cannot sign in with an email address and password, only through SAML or AD/LDAP.' },
      { section, key: 'HideTags', label: 'Hide Guest Tags', type: 'bool', help: 'True: the GUEST tag is not shown beside guests\' names.' },
    ],
  },
];

export function GuestAccessPage() {
  return <SettingsPage title="Guest Access" idPrefix="guest" groups={GROUPS} />;
}
