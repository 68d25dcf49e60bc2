// Fetches a plugin bundle for install_from_url: streamed to disk with the bundle size limit and a
// timeout, every failure a 400 that says what went wrong.
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { AppError } from '../app/app-error.ts';
import { bundleTooLarge } from './bundle-reader.ts';

const DOWNLOAD_TIMEOUT_MS = 60_000;

/** Streams the bundle at `url` to `file`, refusing it once it passes `maxBytes`. */
export async function downloadBundle(url: URL, file: string, maxBytes: number): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (err) {
    throw AppError.badRequest('app.plugin.download_failed.app_error', `The plugin bundle could not be downloaded from ${url.origin}.`, (err as Error).message);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw AppError.badRequest('app.plugin.download_failed.app_error', `Downloading the plugin bundle failed with HTTP status ${response.status}.`);
  }
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body.cancel();
    throw bundleTooLarge(maxBytes);
  }
  let received = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      callback(received > maxBytes ? bundleTooLarge(maxBytes) : null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), limit, createWriteStream(file, { flags: 'wx' }));
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw AppError.badRequest('app.plugin.download_failed.app_error', 'The plugin bundle download was interrupted.', (err as Error).message);
  }
}
