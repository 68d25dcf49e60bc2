// The login page's other ways in: one button per sign-in provider the server has enabled (read
// from /config/client, which anyone may read), each a plain link to /oauth/{service}/login (SAML:
// /login/sso/saml): the sign-in leaves the app for the provider's own page and comes back signed in.
import { useEffect, useState } from 'react';
import { client } from './client.ts';

interface Provider {
  service: string;
  name: string;
  enabledKey: string;
  textKey?: string;
  colorKey?: string;
  /** SAML's button has Mattermost's three colours and its own path. */
  borderColorKey?: string;
  textColorKey?: string;
  path?: string;
}

const PROVIDERS: Provider[] = [
  { service: 'openid', name: 'OpenID Connect', enabledKey: 'EnableSignUpWithOpenId', textKey: 'OpenIdButtonText', colorKey: 'OpenIdButtonColor' },
  { service: 'gitlab', name: 'GitLab', enabledKey: 'EnableSignUpWithGitLab', textKey: 'GitLabButtonText', colorKey: 'GitLabButtonColor' },
  { service: 'google', name: 'Google', enabledKey: 'EnableSignUpWithGoogle' },
  { service: 'office365', name: 'Office 365', enabledKey: 'EnableSignUpWithOffice365' },
  {
    service: 'saml',
    name: 'SAML',
    enabledKey: 'EnableSaml',
    textKey: 'SamlLoginButtonText',
    colorKey: 'SamlLoginButtonColor',
    borderColorKey: 'SamlLoginButtonBorderColor',
    textColorKey: 'SamlLoginButtonTextColor',
    path: '/login/sso/saml',
  },
];

export function SsoButtons({ redirectTo }: { redirectTo: string | undefined }) {
  const [config, setConfig] = useState<Record<string, string>>({});

  useEffect(() => {
    // Without the configuration there are no buttons; the password form still works.
    client.getClientConfig().then(
      (loaded) => setConfig(loaded as unknown as Record<string, string>),
      () => undefined,
    );
  }, []);

  const enabled = PROVIDERS.filter((p) => config[p.enabledKey] === 'true');
  if (enabled.length === 0) return null;
  const query = redirectTo ? `?redirect_to=${encodeURIComponent(redirectTo)}` : '';
  return (
    <nav className="sso-buttons" aria-label="Sign in with your organisation">
      {enabled.map((provider) => {
        const color = provider.colorKey ? config[provider.colorKey] : '';
        const borderColor = (provider.borderColorKey && config[provider.borderColorKey]) || color;
        const textColor = (provider.textColorKey && config[provider.textColorKey]) || '#fff';
        const href = `${provider.path ?? `/oauth/${provider.service}/login`}${query}`;
        return (
          <a key={provider.service} className="sso-button" href={href} style={color ? { backgroundColor: color, borderColor, color: textColor } : undefined}>
            {(provider.textKey && config[provider.textKey]) || provider.name}
          </a>
        );
      })}
    </nav>
  );
}
