// Fetches a plugin bundle (install_from_url, the marketplace's one-click install) through the
// server's egress rule: streamed to disk with the bundle size limit and a timeout, redirects
// followed a few times and each one checked again; every failure a 4xx that says what went wrong.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../../config/config-schema.ts';
import { AppError } from '../../errors/app-error.ts';
import { EgressError, outboundRequest, type EgressPolicy } from '../../egress/outbound-http.ts';
import { bundleTooLarge } from './bundle-reader.ts';

const DOWNLOAD_TIMEOUT_MS = 60_000;
/** Release pages commonly redirect once or twice (a CDN, a signed storage URL). */
const MAX_REDIRECTS = 5;

/**
 * The egress policy of bundle downloads: internal addresses only as AllowedUntrustedInternalConnections
 * allows, plain http only under PluginSettings.AllowInsecureDownloadURL (Mattermost's rule), except
 * for `trustedOrigins` an administrator configured.
 */
export function downloadPolicy(config: Readonly<Config>, trustedOrigins: readonly string[] = []): EgressPolicy {
  return {
    allowedInternal: config.ServiceSettings.AllowedUntrustedInternalConnections,
    allowHttp: config.PluginSettings.AllowInsecureDownloadURL,
    trustedOrigins,
  };
}

export interface BundleDownload {
  url: URL;
  policy: EgressPolicy;
  /** The id of a failed download (Mattermost's differs between install_from_url and the marketplace). */
  failureId: string;
}

/** Streams the bundle at `source.url` to `file`, refusing it once it passes `maxBytes`. */
export async function downloadBundle({ url, policy, failureId }: BundleDownload, file: string, maxBytes: number): Promise<void> {
  const failed = (err: unknown): AppError => downloadError(err, failureId, maxBytes);
  let response;
  try {
    response = await outboundRequest(
      url,
      { timeoutMs: DOWNLOAD_TIMEOUT_MS, maxResponseBytes: maxBytes, maxRedirects: MAX_REDIRECTS, errorId: (reason) => `app.plugin.download_${reason}.app_error` },
      policy,
    );
  } catch (err) {
    throw failed(err);
  }
  if (response.status < 200 || response.status > 299) {
    response.body.destroy();
    throw AppError.badRequest(failureId, `Downloading the plugin bundle failed with HTTP status ${response.status}.`, `url=${response.url.href}`);
  }
  try {
    await pipeline(response.body, createWriteStream(file, { flags: 'wx' }));
  } catch (err) {
    throw failed(err);
  }
}

/** Refused internal addresses keep their own id; anything else the admin can act on is the caller's download failure. */
function downloadError(err: unknown, failureId: string, maxBytes: number): AppError {
  if (!(err instanceof EgressError)) {
    return err instanceof AppError ? err : AppError.badRequest(failureId, 'The plugin bundle download was interrupted.', (err as Error).message);
  }
  switch (err.reason) {
    case 'private_address':
      return err;
    case 'response_too_large':
      return bundleTooLarge(maxBytes);
    case 'insecure_url':
      return AppError.badRequest(
        failureId,
        `${err.message} Use an https:// URL, or set PluginSettings.AllowInsecureDownloadURL to true to allow plugin downloads over http.`,
        'insecure url not allowed',
      );
    default:
      return AppError.badRequest(failureId, `The plugin bundle could not be downloaded: ${err.message}`);
  }
}
