// Authentication > SAML 2.0: sign-in through a SAML identity provider (Okta, Entra ID, ADFS,
// Keycloak, ...), Mattermost's SamlSettings, with the three certificate files uploaded as
// Mattermost's console uploads them (POST/DELETE /api/v4/saml/certificate/idp|public|private).
// The IdP is given this server's metadata at /api/v4/saml/metadata.
import { useEffect, useState, type ChangeEvent } from 'react';
import type { SamlCertificateStatus } from '@mattermost/types/saml';
import { client, errorText } from './client.ts';
import { ActionStatus, useAction } from './action-status.tsx';
import { SettingsPage, type SettingGroups } from './site-configuration-page.tsx';

const section = 'SamlSettings';

const GROUPS: SettingGroups = [
  {
    title: 'Identity provider',
    settings: [
      { section, key: 'Enable', label: 'Enable sign-in with SAML 2.0', type: 'bool', help: 'True: the login page shows a button that signs people in through the identity provider below. Upload its certificate (below) first.' },
      { section, key: 'IdpURL', label: 'SAML SSO URL', type: 'text', help: 'Where the identity provider takes sign-in requests (its SingleSignOnService), such as https://idp.example.com/saml/sso.' },
      { section, key: 'IdpDescriptorURL', label: 'Identity provider issuer URL', type: 'text', help: 'The identity provider’s entity id; assertions from any other issuer are refused.' },
      { section, key: 'IdpMetadataURL', label: 'Identity provider metadata URL', type: 'text', help: 'Where the identity provider publishes its metadata (kept for reference; the SSO URL, issuer and certificate above are what sign-in uses).' },
      { section, key: 'ServiceProviderIdentifier', label: 'Service provider identifier', type: 'text', help: 'This server’s entity id at the identity provider (the audience of its assertions). Empty: the sign-in address below.' },
      { section, key: 'AssertionConsumerServiceURL', label: 'Service provider login URL', type: 'text', help: 'Where the identity provider posts its answers. Empty: <site URL>/login/sso/saml.' },
      { section, key: 'Encrypt', label: 'Require encrypted assertions', type: 'bool', help: 'True: assertions must be encrypted to this server’s certificate (upload the service provider certificate and key).' },
      { section, key: 'SignRequest', label: 'Sign requests', type: 'bool', help: 'True: sign-in requests are signed with this server’s private key.' },
    ],
  },
  {
    title: 'Attributes',
    settings: [
      { section, key: 'IdAttribute', label: 'Id attribute', type: 'text', help: 'The attribute that identifies a person for good (an object id). Empty: the assertion’s NameID.' },
      { section, key: 'EmailAttribute', label: 'Email attribute', type: 'text', help: 'Required, such as "Email" or "mail".' },
      { section, key: 'UsernameAttribute', label: 'Username attribute', type: 'text', help: 'Required, such as "Username" or "uid".' },
      { section, key: 'FirstNameAttribute', label: 'First name attribute', type: 'text', help: 'Optional; set at each sign-in.' },
      { section, key: 'LastNameAttribute', label: 'Last name attribute', type: 'text', help: 'Optional; set at each sign-in.' },
      { section, key: 'NicknameAttribute', label: 'Nickname attribute', type: 'text', help: 'Optional; set at each sign-in.' },
      { section, key: 'PositionAttribute', label: 'Position attribute', type: 'text', help: 'Optional; set at each sign-in.' },
      { section, key: 'LocaleAttribute', label: 'Preferred language attribute', type: 'text', help: 'Optional; set at each sign-in.' },
      { section, key: 'EnableAdminAttribute', label: 'Enable admin attribute', type: 'bool', help: 'True: the attribute below decides at each sign-in who is a system admin.' },
      { section, key: 'AdminAttribute', label: 'Admin attribute', type: 'text', help: 'name=value, such as "group=parley-admins".' },
    ],
  },
  {
    title: 'Login button',
    settings: [
      { section, key: 'LoginButtonText', label: 'Button text', type: 'text', help: 'The text of the login page’s SAML button.' },
      { section, key: 'LoginButtonColor', label: 'Button colour', type: 'text', help: 'A CSS colour, such as #34a28b.' },
      { section, key: 'LoginButtonBorderColor', label: 'Button border colour', type: 'text', help: 'A CSS colour.' },
      { section, key: 'LoginButtonTextColor', label: 'Button text colour', type: 'text', help: 'A CSS colour.' },
    ],
  },
];

type Kind = 'idp' | 'public' | 'private';

const CERTIFICATES: Array<{ kind: Kind; label: string; statusKey: keyof SamlCertificateStatus }> = [
  { kind: 'idp', label: 'Identity provider certificate', statusKey: 'idp_certificate_file' },
  { kind: 'public', label: 'Service provider certificate', statusKey: 'public_certificate_file' },
  { kind: 'private', label: 'Service provider private key', statusKey: 'private_key_file' },
];

export function SamlPage() {
  return (
    <>
      <SettingsPage title="SAML 2.0" idPrefix="saml" groups={GROUPS} />
      <SamlCertificates />
    </>
  );
}

function SamlCertificates() {
  const [status, setStatus] = useState<SamlCertificateStatus | null>(null);
  const [loadError, setLoadError] = useState('');
  const action = useAction();

  const load = () =>
    client.getSamlCertificateStatus().then(
      (loaded) => setStatus(loaded),
      (err: unknown) => setLoadError(`The certificate status could not be read: ${errorText(err)}`),
    );
  useEffect(() => {
    void load();
  }, []);

  const upload = (kind: Kind, label: string) => (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file || action.busy) return;
    void action.run(async () => {
      if (kind === 'idp') await client.uploadIdpSamlCertificate(file);
      else if (kind === 'public') await client.uploadPublicSamlCertificate(file);
      else await client.uploadPrivateSamlCertificate(file);
      await load();
      return `${label} uploaded.`;
    });
  };

  const remove = (kind: Kind, label: string) => () => {
    if (action.busy) return;
    void action.run(async () => {
      if (kind === 'idp') await client.deleteIdpSamlCertificate();
      else if (kind === 'public') await client.deletePublicSamlCertificate();
      else await client.deletePrivateSamlCertificate();
      await load();
      return `${label} removed.`;
    });
  };

  return (
    <section className="settings-section" aria-labelledby="saml-certificates">
      <h2 id="saml-certificates">Certificates</h2>
      {loadError && <p role="alert" className="error">{loadError}</p>}
      {status &&
        CERTIFICATES.map(({ kind, label, statusKey }) => {
          const present = Boolean(status[statusKey]);
          return (
            <div key={kind} className="setting">
              <label htmlFor={`saml-certificate-${kind}`}>{label}</label>
              <span>{present ? 'Uploaded' : 'Not uploaded'}</span>
              <input id={`saml-certificate-${kind}`} type="file" accept=".crt,.cer,.pem,.key" onChange={upload(kind, label)} aria-disabled={action.busy || undefined} />
              {present && (
                <button type="button" onClick={remove(kind, label)} aria-disabled={action.busy || undefined}>
                  Remove {label.toLowerCase()}
                </button>
              )}
            </div>
          );
        })}
      <ActionStatus outcome={action.outcome} id="saml-certificates" />
    </section>
  );
}
