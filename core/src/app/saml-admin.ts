// What system admins do to set SAML up (Mattermost's /api/v4/saml routes): upload and remove the
// three certificate files (kept beside config.json under Mattermost's names, the settings then
// naming them), ask which are present, and read an IdP's metadata to fill in its SSO URL, entity
// id and signing certificate. Every action needs manage_system.
import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import type { ConfigService } from '../config/config-service.ts';
import type { ConfigFiles } from '../config/config-files.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';

export type SamlCertificateKind = 'idp' | 'public' | 'private';

/** Mattermost's file names, and the setting that names each file. */
const CERTIFICATES = {
  idp: { file: 'saml-idp.crt', setting: 'IdpCertificateFile' },
  public: { file: 'saml-public.crt', setting: 'PublicCertificateFile' },
  private: { file: 'saml-private.key', setting: 'PrivateKeyFile' },
} as const;

export interface SamlCertificateStatus {
  idpCertificateFile: boolean;
  privateKeyFile: boolean;
  publicCertificateFile: boolean;
}

/**
 * Reads a document from another server under the egress policy (internal addresses only as
 * ServiceSettings.AllowedUntrustedInternalConnections allows); the composition root supplies it.
 */
export type FetchDocument = (url: URL, options: { timeoutMs: number; maxBytes: number; errorId: string }) => Promise<{ status: number; text: string }>;

export interface SamlIdpMetadata {
  idpUrl: string;
  idpDescriptorUrl: string;
  /** The base64 DER of the IdP's first signing certificate, as the metadata carries it. */
  idpPublicCertificate: string;
}

const METADATA_TIMEOUT_MS = 10_000;
const METADATA_MAX_BYTES = 1024 * 1024;
const SAML_METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const XML_DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

export class SamlAdmin {
  #config: ConfigService;
  #files: ConfigFiles;
  #permissions: PermissionService;
  #fetchDocument: FetchDocument;

  constructor(deps: { config: ConfigService; configFiles: ConfigFiles; permissions: PermissionService; fetchDocument: FetchDocument }) {
    this.#config = deps.config;
    this.#files = deps.configFiles;
    this.#permissions = deps.permissions;
    this.#fetchDocument = deps.fetchDocument;
  }

  /** Keeps an uploaded certificate or key (PEM) and points its setting at it. */
  addCertificate(actor: Actor, kind: SamlCertificateKind, pem: string): void {
    this.#permissions.requireSystem(actor, 'manage_system');
    checkPem(kind, pem);
    const { file, setting } = CERTIFICATES[kind];
    this.#files.write(file, pem);
    this.#config.patch({ SamlSettings: { [setting]: file } });
  }

  /** The IdP certificate from its metadata (base64 DER, Mattermost's application/x-pem-file body). */
  setIdpCertificateFromMetadata(actor: Actor, base64Der: string): void {
    this.#permissions.requireSystem(actor, 'manage_system');
    const body = base64Der.replace(/\s+/g, '');
    const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;
    try {
      new X509Certificate(pem);
    } catch (err) {
      throw new AppError('api.admin.saml.failure_parse_idp_certificate.app_error', 400, 'The identity provider certificate could not be read: send the base64 certificate from its metadata.', { details: (err as Error).message });
    }
    this.addCertificate(actor, 'idp', pem);
  }

  /**
   * Removes a certificate and clears its setting; as Mattermost, removing the IdP certificate turns
   * SAML off, and removing the SP certificate or key turns encryption off.
   */
  removeCertificate(actor: Actor, kind: SamlCertificateKind): void {
    this.#permissions.requireSystem(actor, 'manage_system');
    const { setting } = CERTIFICATES[kind];
    const current = this.#config.get().SamlSettings[setting];
    const off = kind === 'idp' ? { Enable: false } : { Encrypt: false, SignRequest: false };
    this.#config.patch({ SamlSettings: { [setting]: '', ...off } });
    if (current) this.#files.remove(current);
  }

  status(actor: Actor): SamlCertificateStatus {
    this.#permissions.requireSystem(actor, 'manage_system');
    const s = this.#config.get().SamlSettings;
    return {
      idpCertificateFile: this.#files.has(s.IdpCertificateFile),
      privateKeyFile: this.#files.has(s.PrivateKeyFile),
      publicCertificateFile: this.#files.has(s.PublicCertificateFile),
    };
  }

  /** Reads an IdP's metadata document (Mattermost's metadatafromidp): its SSO URL, entity id and signing certificate. */
  async metadataFromIdp(actor: Actor, metadataUrl: string): Promise<SamlIdpMetadata> {
    this.#permissions.requireSystem(actor, 'manage_system');
    const address = /^https?:\/\//i.test(metadataUrl) ? metadataUrl : `https://${metadataUrl}`;
    const target = URL.parse(address);
    if (!target) throw AppError.invalidParam('saml_metadata_url', 'must be an http(s) address');
    const failed = (message: string, details?: string) => new AppError('api.admin.saml.failure_get_metadata_from_idp.app_error', 400, message, { details });
    const response = await this.#fetchDocument(target, { timeoutMs: METADATA_TIMEOUT_MS, maxBytes: METADATA_MAX_BYTES, errorId: 'api.admin.saml.failure_get_metadata_from_idp.app_error' });
    if (response.status !== 200) throw failed(`The identity provider answered ${response.status} for its metadata.`, `status_code=${response.status}`);
    return parseIdpMetadata(response.text, failed);
  }
}

function parseIdpMetadata(xml: string, failed: (message: string, details?: string) => AppError): SamlIdpMetadata {
  const silent = { warning: () => undefined, error: () => undefined, fatalError: () => undefined };
  const doc = new DOMParser({ errorHandler: silent }).parseFromString(xml, 'text/xml');
  const root = doc?.documentElement;
  if (!root) throw failed('The identity provider metadata is not XML.');
  const descriptor = root.localName === 'EntityDescriptor' ? root : root.getElementsByTagNameNS(SAML_METADATA_NS, 'EntityDescriptor')[0];
  if (!descriptor) throw failed('The identity provider metadata has no EntityDescriptor.');
  const idp = descriptor.getElementsByTagNameNS(SAML_METADATA_NS, 'IDPSSODescriptor')[0];
  if (!idp) throw failed('The metadata describes no identity provider (no IDPSSODescriptor).');
  const sso = idp.getElementsByTagNameNS(SAML_METADATA_NS, 'SingleSignOnService')[0];
  if (!sso) throw failed('The identity provider metadata names no SingleSignOnService.');
  const keys = Array.from(idp.getElementsByTagNameNS(SAML_METADATA_NS, 'KeyDescriptor'));
  const signing = keys.find((key) => key.getAttribute('use') !== 'encryption');
  const certificate = signing?.getElementsByTagNameNS(XML_DSIG_NS, 'X509Certificate')[0]?.textContent ?? '';
  if (!certificate.trim()) throw failed('The identity provider metadata carries no signing certificate (KeyDescriptor).');
  return {
    idpUrl: sso.getAttribute('Location') ?? '',
    idpDescriptorUrl: descriptor.getAttribute('entityID') ?? '',
    idpPublicCertificate: certificate.replace(/\s+/g, ''),
  };
}

/** A certificate must be an X.509 certificate, the key a private key: a swapped upload is refused now, not at the first sign-in. */
function checkPem(kind: SamlCertificateKind, pem: string): void {
  try {
    if (kind === 'private') {
      if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(pem)) throw new Error('no PRIVATE KEY block');
    } else {
      new X509Certificate(pem);
    }
  } catch (err) {
    const what = kind === 'private' ? 'a PEM private key' : 'a PEM X.509 certificate';
    throw new AppError('api.admin.add_certificate.parse.app_error', 400, `The uploaded file is not ${what}.`, { details: (err as Error).message });
  }
}
