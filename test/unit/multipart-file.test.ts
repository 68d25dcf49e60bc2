import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { readMultipartFile } from '../../core/src/http/multipart-file.ts';
import { AppError } from '../../core/src/app/app-error.ts';

const BOUNDARY = 'XyZ';
// Looks like a delimiter in places, without being one.
const FILE = Buffer.concat([randomBytes(5000), Buffer.from('\r\n--XyQ\r\n--Xy\r\n\r\n'), randomBytes(3000)]);
const BODY = Buffer.concat([
  Buffer.from(`preamble\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="force"\r\n\r\ntrue\r\n`),
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="plugin"; filename="p.tar.gz"\r\nContent-Type: application/gzip\r\n\r\n`),
  FILE,
  Buffer.from(`\r\n--${BOUNDARY}--\r\nepilogue`),
]);

function request(body: Buffer, chunkSize: number): IncomingMessage {
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length; at += chunkSize) chunks.push(body.subarray(at, at + chunkSize));
  return Readable.from(chunks) as unknown as IncomingMessage;
}

describe('multipart file reader', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-multipart-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const read = (body: Buffer, chunkSize: number, dest: string, maxFileBytes = 1_000_000) =>
    readMultipartFile(request(body, chunkSize), `multipart/form-data; boundary=${BOUNDARY}`, {
      field: 'plugin',
      dest,
      maxFileBytes,
      tooLarge: () => AppError.badRequest('test.too_large', 'too large'),
    });

  it('writes the file part byte for byte and reads the fields, however the body is split', async () => {
    for (const chunkSize of [1, 3, 7, 64, 1_000_000]) {
      const dest = path.join(dir, `file-${chunkSize}`);
      expect(await read(BODY, chunkSize, dest)).to.deep.equal({ fields: { force: 'true' }, fileReceived: true });
      expect((await readFile(dest)).equals(FILE), `chunks of ${chunkSize}`).to.equal(true);
    }
  });

  it('refuses a file over the limit with the given error', async () => {
    let error: unknown;
    await read(BODY, 1000, path.join(dir, 'big'), 100).catch((err: unknown) => (error = err));
    expect((error as AppError).id).to.equal('test.too_large');
  });

  it('refuses a body cut short before its closing boundary', async () => {
    let error: unknown;
    await read(BODY.subarray(0, BODY.length - 30), 1000, path.join(dir, 'cut')).catch((err: unknown) => (error = err));
    expect((error as AppError).id).to.equal('api.context.invalid_param.app_error');
  });
});
