// Authentication > AD/LDAP: sign-in with directory credentials and the directory sync, Mattermost's
// LdapSettings, with its "AD/LDAP Test" (POST /ldap/test: bind and search with the saved settings)
// and "AD/LDAP Synchronize Now" (POST /ldap/sync).
import { client } from './client.ts';
import { ActionStatus, useAction } from './action-status.tsx';
import { SettingsPage, type SettingGroups } from './site-configuration-page.tsx';

const section = 'LdapSettings';

const GROUPS: SettingGroups = [
  {
    title: 'Connection',
    settings: [
      { section, key: 'Enable', label: 'Enable sign-in with AD/LDAP', type: 'bool', help: 'True: people can sign in with their directory username and password.' },
      { section, key: 'EnableSync', label: 'Enable Synchronization with AD/LDAP', type: 'bool', help: 'True: accounts are updated from the directory at the interval below, and people who left it are deactivated.' },
      { section, key: 'LoginFieldName', label: 'Login Field Name', type: 'text', help: 'The placeholder of the login page’s username field, such as "AD/LDAP Username".' },
      { section, key: 'LdapServer', label: 'AD/LDAP Server', type: 'text', help: 'The directory server’s host name or IP address.' },
      { section, key: 'LdapPort', label: 'AD/LDAP Port', type: 'number', help: 'Usually 389, or 636 with TLS.' },
      {
        section,
        key: 'ConnectionSecurity',
        label: 'Connection Security',
        type: 'dropdown',
        options: [
          { display_name: 'None', value: '' },
          { display_name: 'TLS (Secure Connection)', value: 'TLS' },
          { display_name: 'STARTTLS', value: 'STARTTLS' },
        ],
        help: 'TLS connects with LDAPS; STARTTLS upgrades a plain connection. None sends passwords in the clear.',
      },
      { section, key: 'SkipCertificateVerification', label: 'Skip Certificate Verification', type: 'bool', help: 'True: the server’s TLS certificate is not checked. Only for testing: it lets anyone between the servers read passwords.' },
      { section, key: 'BaseDN', label: 'Base DN', type: 'text', help: 'Where in the directory accounts are searched, such as "ou=people,dc=example,dc=com".' },
      { section, key: 'BindUsername', label: 'Bind Username', type: 'text', help: 'The account this server searches the directory with; it needs read access to the Base DN.' },
      { section, key: 'BindPassword', label: 'Bind Password', type: 'secret', help: 'The bind account’s password. Shown masked; leave it as it is to keep the saved password.' },
      { section, key: 'QueryTimeout', label: 'Query Timeout (seconds)', type: 'number', help: 'How long a directory query may take before it is given up.' },
      { section, key: 'MaxPageSize', label: 'Maximum Page Size', type: 'number', help: 'The most entries asked for at a time; 0: no paging.' },
      { section, key: 'MaximumLoginAttempts', label: 'Maximum Login Attempts', type: 'number', help: 'Wrong passwords in a row after which a directory account is locked here.' },
    ],
  },
  {
    title: 'Filters',
    settings: [
      { section, key: 'UserFilter', label: 'User Filter', type: 'text', help: 'An LDAP filter choosing who may sign in, such as "(objectClass=person)". Empty: everyone under the Base DN.' },
      { section, key: 'GroupFilter', label: 'Group Filter', type: 'text', help: 'An LDAP filter choosing the groups that can be linked to teams and channels, such as "(objectClass=groupOfNames)".' },
      { section, key: 'GuestFilter', label: 'Guest Filter', type: 'text', help: 'People matching this filter sign in as guests.' },
      { section, key: 'EnableAdminFilter', label: 'Enable Admin Filter', type: 'bool', help: 'True: people matching the filter below are system admins.' },
      { section, key: 'AdminFilter', label: 'Admin Filter', type: 'text', help: 'An LDAP filter, such as "(memberOf=cn=parley-admins,ou=groups,dc=example,dc=com)".' },
    ],
  },
  {
    title: 'Account attributes',
    settings: [
      { section, key: 'IdAttribute', label: 'ID Attribute', type: 'text', help: 'The attribute that identifies a person for good, such as "objectGUID" or "entryUUID".' },
      { section, key: 'LoginIdAttribute', label: 'Login ID Attribute', type: 'text', help: 'The attribute people type as their username at sign-in, such as "sAMAccountName" or "uid".' },
      { section, key: 'UsernameAttribute', label: 'Username Attribute', type: 'text', help: 'The attribute that becomes the username here.' },
      { section, key: 'EmailAttribute', label: 'Email Attribute', type: 'text', help: 'The attribute holding the email address, such as "mail".' },
      { section, key: 'FirstNameAttribute', label: 'First Name Attribute', type: 'text', help: 'Optional, such as "givenName".' },
      { section, key: 'LastNameAttribute', label: 'Last Name Attribute', type: 'text', help: 'Optional, such as "sn".' },
      { section, key: 'NicknameAttribute', label: 'Nickname Attribute', type: 'text', help: 'Optional.' },
      { section, key: 'PositionAttribute', label: 'Position Attribute', type: 'text', help: 'Optional, such as "title".' },
      { section, key: 'PictureAttribute', label: 'Profile Picture Attribute', type: 'text', help: 'Optional, such as "jpegPhoto".' },
    ],
  },
  {
    title: 'Group synchronization',
    settings: [
      { section, key: 'GroupDisplayNameAttribute', label: 'Group Display Name Attribute', type: 'text', help: 'The attribute naming a group, such as "cn".' },
      { section, key: 'GroupIdAttribute', label: 'Group ID Attribute', type: 'text', help: 'The attribute that identifies a group for good, such as "entryUUID".' },
      { section, key: 'SyncIntervalMinutes', label: 'Synchronization Interval (minutes)', type: 'number', help: 'How often accounts and linked groups are brought up to date with the directory.' },
      { section, key: 'ReAddRemovedMembers', label: 'Re-add removed members on sync', type: 'bool', help: 'True: people removed by hand from a team or channel linked to their group are added back at the next sync.' },
    ],
  },
];

export function LdapPage() {
  return (
    <>
      <SettingsPage title="AD/LDAP" idPrefix="ldap" groups={GROUPS} />
      <LdapActions />
    </>
  );
}

function LdapActions() {
  const action = useAction();
  const run = (work: () => Promise<unknown>, done: string) => () => {
    if (!action.busy) void action.run(async () => (await work(), done));
  };
  return (
    <section className="settings-section" aria-labelledby="ldap-actions">
      <h2 id="ldap-actions">Connection test and synchronization</h2>
      <p className="help" id="ldap-actions-help">
        Both use the saved settings: save your changes first.
      </p>
      <div className="button-row">
        <button type="button" onClick={run(() => client.testLdap(), 'AD/LDAP Test Successful')} aria-disabled={action.busy || undefined} aria-describedby="ldap-actions-help">
          AD/LDAP Test
        </button>
        <button type="button" onClick={run(() => client.syncLdap(), 'Synchronization finished.')} aria-disabled={action.busy || undefined} aria-describedby="ldap-actions-help">
          AD/LDAP Synchronize Now
        </button>
      </div>
      <ActionStatus outcome={action.outcome} id="ldap-actions" />
    </section>
  );
}
