// The sign-in providers Parley speaks OpenID Connect to, by Mattermost's service names (the
// users' auth_service and the {service} of /oauth/{service}/login), with the names people see.
export const SSO_SERVICES = {
  gitlab: 'GitLab',
  google: 'Google',
  office365: 'Office 365',
  openid: 'OpenID Connect',
} as const;

export type SsoService = keyof typeof SSO_SERVICES;

export function isSsoService(name: string): name is SsoService {
  return Object.hasOwn(SSO_SERVICES, name);
}

/** Mattermost's auth_service of accounts that sign in through a SAML 2.0 identity provider. */
export const SAML_SERVICE = 'saml';

/** The provider's name for people, or the raw service name for one Parley does not know. */
export function ssoDisplayName(service: string): string {
  if (service === SAML_SERVICE) return 'SAML';
  return isSsoService(service) ? SSO_SERVICES[service] : service;
}
