import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { readMultipart, readMultipartFile, type FilePart } from '../../core/src/http/multipart-file.ts';
import { PassThrough, Writable } from 'node:stream';
import { AppError } from '../../core/src/errors/app-error.ts';

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

  it('fails only once the sink of a refused file has closed, so its caller can remove what it wrote', async () => {
    // As a file stream destroyed while its open is still pending, this sink releases its file later.
    const sink = new Writable({
      write: (_chunk, _encoding, done) => done(),
      destroy: (err, done) => setImmediate(() => done(err)),
    });
    let error: unknown;
    await readMultipart(request(BODY, 1_000_000), `multipart/form-data; boundary=${BOUNDARY}`, {
      param: 'plugin',
      maxFileBytes: 100,
      tooLarge: () => AppError.badRequest('test.too_large', 'too large'),
      onFile: async () => sink,
    }).catch((err: unknown) => (error = err));
    expect((error as AppError).id).to.equal('test.too_large');
    expect(sink.closed).to.equal(true);
  });

  describe('with several files', () => {
    const part = (headers: string, body: string | Buffer) => Buffer.concat([Buffer.from(`--${BOUNDARY}\r\n${headers}\r\n\r\n`), Buffer.from(body), Buffer.from('\r\n')]);
    const FORM = Buffer.concat([
      part('Content-Disposition: form-data; name="channel_id"', 'c1'),
      part('Content-Disposition: form-data; name="client_ids"', 'id-1'),
      part('Content-Disposition: form-data; name="files"; filename="a.txt"\r\nContent-Type: text/plain', 'first file'),
      part('Content-Disposition: form-data; name="client_ids"', 'id-2'),
      part(`Content-Disposition: form-data; name="files"; filename="fallback.txt"; filename*=UTF-8''%C3%A9t%C3%A9.txt`, FILE),
      part('Content-Disposition: form-data; name="other"; filename="dropped.bin"', 'not wanted'),
      Buffer.from(`--${BOUNDARY}--\r\n`),
    ]);

    const readForm = async (body: Buffer, chunkSize: number) => {
      const files: Array<{ part: FilePart; data: Buffer }> = [];
      const fields: Array<[string, string]> = [];
      const last = await readMultipart(request(body, chunkSize), `multipart/form-data; boundary=${BOUNDARY}`, {
        param: 'files',
        maxFileBytes: 1_000_000,
        tooLarge: () => AppError.badRequest('test.too_large', 'too large'),
        onField: (name, value) => fields.push([name, value]),
        onFile: async (filePart) => {
          if (filePart.field !== 'files') return null;
          const sink = new PassThrough();
          const chunks: Buffer[] = [];
          sink.on('data', (chunk: Buffer) => chunks.push(chunk));
          files.push({ part: filePart, get data() { return Buffer.concat(chunks); } });
          return sink;
        },
      });
      return { files, fields, last };
    };

    it('hands each file part to its own sink and every field, repeated ones included, to onField', async () => {
      for (const chunkSize of [5, 4096]) {
        const { files, fields, last } = await readForm(FORM, chunkSize);
        expect(files.map((f) => f.part)).to.deep.equal([
          { field: 'files', filename: 'a.txt', contentType: 'text/plain' },
          { field: 'files', filename: 'été.txt', contentType: '' },
        ]);
        expect(files[0].data.toString()).to.equal('first file');
        expect(files[1].data.equals(FILE)).to.equal(true);
        expect(fields).to.deep.equal([['channel_id', 'c1'], ['client_ids', 'id-1'], ['client_ids', 'id-2']]);
        expect(last).to.deep.equal({ channel_id: 'c1', client_ids: 'id-2' });
      }
    });

    it('fails with the AppError onFile throws, after reading the whole body', async () => {
      const body = request(FORM, 100);
      let error: unknown;
      await readMultipart(body, `multipart/form-data; boundary=${BOUNDARY}`, {
        param: 'files',
        maxFileBytes: 1_000_000,
        tooLarge: () => AppError.badRequest('test.too_large', 'too large'),
        onFile: async () => {
          throw AppError.forbidden('upload_file');
        },
      }).catch((err: unknown) => (error = err));
      expect((error as AppError).id).to.equal('api.context.permissions.app_error');
      expect((body as unknown as Readable).readableEnded).to.equal(true);
    });
  });
});
