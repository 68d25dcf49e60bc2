// A small streaming multipart/form-data reader for uploads: the one file part is written to disk
// as it arrives (never held in memory) with a size limit; the other parts are short text fields.
// When a limit is passed the rest of the body is read and dropped, so the client still gets the
// error response instead of a reset connection.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../app/app-error.ts';

export interface MultipartFileOptions {
  /** The form field that carries the file. */
  field: string;
  /** Where the file is written (created; must not exist). */
  dest: string;
  maxFileBytes: number;
  /** The error for a file over the limit. */
  tooLarge: () => AppError;
}

export interface MultipartResult {
  fields: Record<string, string>;
  fileReceived: boolean;
}

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_FIELD_BYTES = 64 * 1024;
const MAX_FIELDS = 50;

export async function readMultipartFile(req: IncomingMessage, contentType: string, options: MultipartFileOptions): Promise<MultipartResult> {
  const boundary = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  if (!boundary) throw AppError.invalidParam(options.field, 'expected a multipart/form-data request');
  const delimiter = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`);
  const fields: Record<string, string> = {};
  let fileReceived = false;
  let failure: AppError | undefined;
  // A virtual CRLF in front lets the first boundary match the same delimiter as the others.
  let buffer: Buffer = Buffer.from('\r\n');
  let state = 'preamble' as 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';
  let part: { file?: WriteStream; fileBytes: number; field?: string; chunks: Buffer[]; size: number } | undefined;

  const fail = (err: AppError) => {
    failure ??= err;
    part?.file?.destroy();
    part = undefined;
  };
  const malformed = (why: string) => fail(AppError.invalidParam(options.field, `malformed multipart body (${why})`));

  const emit = async (data: Buffer) => {
    if (!part || data.length === 0) return;
    if (part.file) {
      part.fileBytes += data.length;
      if (part.fileBytes > options.maxFileBytes) return fail(options.tooLarge());
      if (!part.file.write(data)) await once(part.file, 'drain');
      return;
    }
    part.size += data.length;
    if (part.size > MAX_FIELD_BYTES) return fail(AppError.invalidParam(part.field ?? 'form field', 'too long'));
    part.chunks.push(data);
  };

  const endPart = async () => {
    if (!part) return;
    const finished = part;
    part = undefined;
    if (finished.file) {
      await new Promise<void>((resolve, reject) => finished.file?.end((err?: Error | null) => (err ? reject(err) : resolve())));
      fileReceived = true;
    } else if (finished.field !== undefined) {
      if (Object.keys(fields).length >= MAX_FIELDS) return fail(AppError.invalidParam('form', `more than ${MAX_FIELDS} fields`));
      fields[finished.field] = Buffer.concat(finished.chunks).toString('utf8');
    }
  };

  const startPart = (headerText: string) => {
    const disposition = /^content-disposition:(.*)$/im.exec(headerText)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const isFile = /\bfilename\*?=/i.test(disposition);
    if (isFile && name === options.field) {
      if (fileReceived) return malformed(`more than one ${options.field} file`);
      part = { file: createWriteStream(options.dest, { flags: 'wx' }), fileBytes: 0, chunks: [], size: 0 };
    } else {
      part = { field: isFile ? undefined : name, fileBytes: 0, chunks: [], size: 0 };
    }
  };

  const consume = async () => {
    for (;;) {
      if (failure || state === 'done') return;
      if (state === 'preamble' || state === 'body') {
        const at = buffer.indexOf(delimiter);
        if (at === -1) {
          const keep = Math.max(0, buffer.length - delimiter.length + 1);
          if (state === 'body') await emit(buffer.subarray(0, keep));
          buffer = buffer.subarray(keep);
          return;
        }
        if (state === 'body') {
          await emit(buffer.subarray(0, at));
          await endPart();
        }
        buffer = buffer.subarray(at + delimiter.length);
        state = 'after-delimiter';
      } else if (state === 'after-delimiter') {
        if (buffer.length < 2) return;
        const marker = buffer.subarray(0, 2).toString('latin1');
        if (marker === '--') state = 'done';
        else if (marker === '\r\n') {
          buffer = buffer.subarray(2);
          state = 'headers';
        } else return malformed('bad boundary');
      } else {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) {
          if (buffer.length > MAX_HEADER_BYTES) return malformed('part headers too long');
          return;
        }
        startPart(buffer.subarray(0, end).toString('utf8'));
        buffer = buffer.subarray(end + 4);
        state = 'body';
      }
    }
  };

  for await (const chunk of req) {
    if (failure || state === 'done') continue; // drain, so the error response reaches the client
    buffer = buffer.length === 0 ? (chunk as Buffer) : Buffer.concat([buffer, chunk as Buffer]);
    try {
      await consume();
    } catch (err) {
      fail(AppError.internal('api.context.upload.app_error', err));
    }
  }
  if (!failure && state !== 'done') malformed('the body ended before the closing boundary');
  if (failure) {
    part?.file?.destroy();
    throw failure;
  }
  return { fields, fileReceived };
}
