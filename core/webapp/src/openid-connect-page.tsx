// Authentication > OpenID Connect: sign-in through any OpenID Connect provider (Keycloak, Okta,
// Entra ID, Authentik, ...), Mattermost's OpenIdSettings. The provider is registered with the
// redirect URI <site URL>/signup/openid/complete; GitLab, Google and Office 365 have their own
// settings blocks (GitLabSettings, GoogleSettings, Office365Settings) in config.json.
import { SettingsPage, type SettingGroups } from './site-configuration-page.tsx';

const section = 'OpenIdSettings';

const GROUPS: SettingGroups = [
  {
    title: 'Provider',
    settings: [
      { section, key: 'Enable', label: 'Enable sign-in with OpenID Connect', type: 'bool', help: 'True: the login page shows a button that signs people in through the provider below; their account is created on first sign-in while account creation is enabled.' },
      { section, key: 'DiscoveryEndpoint', label: 'Discovery endpoint', type: 'text', help: 'The provider’s discovery document, such as https://sso.example.com/realms/acme/.well-known/openid-configuration. The issuer it names must be the address before /.well-known.' },
      { section, key: 'Id', label: 'Client ID', type: 'text', help: 'The client (application) id this server has at the provider. Register <site URL>/signup/openid/complete as its redirect URI.' },
      { section, key: 'Secret', label: 'Client secret', type: 'secret', help: 'The client’s secret at the provider. Shown masked; leave it as it is to keep the saved secret.' },
      { section, key: 'Scope', label: 'Scope', type: 'text', help: 'What is asked of the provider; "openid" is always included. The email address comes from the "email" scope.' },
    ],
  },
  {
    title: 'Login button',
    settings: [
      { section, key: 'ButtonText', label: 'Button text', type: 'text', help: 'The text of the login page’s button, such as "Sign in with Acme SSO". Empty: "OpenID Connect".' },
      { section, key: 'ButtonColor', label: 'Button colour', type: 'text', help: 'The button’s background colour as a CSS colour, such as #145DBF. Its text is white.' },
    ],
  },
];

export function OpenIdConnectPage() {
  return <SettingsPage title="OpenID Connect" idPrefix="openid" groups={GROUPS} />;
}
