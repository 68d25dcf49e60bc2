// The JSON of the SAML admin routes: POST /saml/metadatafromidp's body and answer, and
// GET /saml/certificate/status (Mattermost's SamlMetadataResponse and SamlCertificateStatus;
// the status is booleans on the wire, as Mattermost's server sends it).
import type { SamlMetadataResponse } from '@mattermost/types/saml';
import type { SamlCertificateStatus, SamlIdpMetadata } from '../app/saml-admin.ts';
import { JsonFields, paramRefusal } from './json-fields.ts';

/** `{saml_metadata_url}`. */
export function decodeSamlMetadataUrl(body: unknown): string {
  const url = JsonFields.of(body ?? {}, 'saml_metadata_url').string('saml_metadata_url', { max: 2048 }).trim();
  if (url === '') throw paramRefusal('saml_metadata_url', 'is required');
  return url;
}

export function toWireSamlMetadata(metadata: SamlIdpMetadata): SamlMetadataResponse {
  return { idp_url: metadata.idpUrl, idp_descriptor_url: metadata.idpDescriptorUrl, idp_public_certificate: metadata.idpPublicCertificate };
}

export function toWireSamlCertificateStatus(status: SamlCertificateStatus): { idp_certificate_file: boolean; private_key_file: boolean; public_certificate_file: boolean } {
  return { idp_certificate_file: status.idpCertificateFile, private_key_file: status.privateKeyFile, public_certificate_file: status.publicCertificateFile };
}
