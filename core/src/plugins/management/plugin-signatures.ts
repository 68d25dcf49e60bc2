// Checks a plugin bundle's Ed25519 signature against the public keys the admin trusts
// (PluginSettings.SignaturePublicKeyFiles) before anything of the bundle is unpacked: marketplace
// installs always, uploads when they carry a signature or PluginSettings.RequirePluginSignature is
// on. A failure is a 400 that says why; nothing is installed.
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { readPublicKeyFile, verifyBundleSignature, type SignatureFailure } from '@parley/marketplace';
import type { ConfigService } from '../../config/config-service.ts';
import { AppError } from '../../errors/app-error.ts';

const FAILURE_IDS: Record<SignatureFailure, string> = {
  missing: 'app.plugin.signature_missing.app_error',
  malformed: 'app.plugin.invalid_signature.app_error',
  mismatch: 'app.plugin.invalid_signature.app_error',
  no_trusted_keys: 'app.plugin.no_trusted_keys.app_error',
};

export class PluginSignatures {
  #config: ConfigService;
  #dataDir: string;

  constructor(deps: { config: ConfigService; dataDir: string }) {
    this.#config = deps.config;
    this.#dataDir = deps.dataDir;
  }

  /** Throws unless `signature` (base64) is a trusted key's signature of the bundle file. */
  async verify(bundleFile: string, signature: string | undefined): Promise<void> {
    const check = await verifyBundleSignature(bundleFile, signature, await this.#trustedKeys());
    if (!check.ok) {
      const hint = check.reason === 'missing' ? ' Sign the bundle (parley-marketplace sign) and send its signature with it.' : '';
      throw AppError.badRequest(FAILURE_IDS[check.reason], `${check.message}${hint}`);
    }
  }

  /** The trusted keys, read now so that a changed key file counts at once. */
  async #trustedKeys(): Promise<KeyObject[]> {
    return Promise.all(
      this.#config.get().PluginSettings.SignaturePublicKeyFiles.map(async (file) => {
        const resolved = path.resolve(this.#dataDir, file);
        try {
          return await readPublicKeyFile(resolved);
        } catch (err) {
          throw AppError.badRequest('app.plugin.signature_key_unreadable.app_error', `The trusted key file ${resolved} (PluginSettings.SignaturePublicKeyFiles) cannot be used: ${(err as Error).message}`);
        }
      }),
    );
  }
}
