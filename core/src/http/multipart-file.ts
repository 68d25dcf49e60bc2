// A small streaming multipart/form-data reader for uploads: each file part is written to the sink
// its caller opens for it as the bytes arrive (never held in memory) with a per-file size limit;
// the other parts are short text fields. When a limit is passed or the caller refuses a part, the
// rest of the body is read and dropped, so the client still gets the error response instead of a
// reset connection.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { AppError } from '../errors/app-error.ts';

/** A file part as its headers describe it. */
export interface FilePart {
  field: string;
  filename: string;
  contentType: string;
}

export interface MultipartOptions {
  /** The parameter bad bodies are reported against. */
  param: string;
  maxFileBytes: number;
  /** The error for a file over the limit. */
  tooLarge: (part: FilePart) => AppError;
  /**
   * A file part begins: return where its bytes go (ended once the part is complete, destroyed if
   * the request fails), or null to drop the part. A thrown AppError fails the request.
   */
  onFile: (part: FilePart) => Promise<Writable | null>;
  /** Each text field as it completes, repeated names included; a thrown AppError fails the request. */
  onField?: (name: string, value: string) => void;
}

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

/** Reads a form with exactly one file part in `field`, written to `dest`. */
export async function readMultipartFile(req: IncomingMessage, contentType: string, options: MultipartFileOptions): Promise<MultipartResult> {
  let fileReceived = false;
  const fields = await readMultipart(req, contentType, {
    param: options.field,
    maxFileBytes: options.maxFileBytes,
    tooLarge: options.tooLarge,
    onFile: async (part) => {
      if (part.field !== options.field) return null;
      if (fileReceived) throw AppError.invalidParam(options.field, `malformed multipart body (more than one ${options.field} file)`);
      fileReceived = true;
      return createWriteStream(options.dest, { flags: 'wx' });
    },
  });
  return { fields, fileReceived };
}

/** Reads a whole multipart form: text fields are returned (the last of a repeated name), file parts go where `onFile` says. */
export async function readMultipart(req: IncomingMessage, contentType: string, options: MultipartOptions): Promise<Record<string, string>> {
  const boundary = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  if (!boundary) throw AppError.invalidParam(options.param, 'expected a multipart/form-data request');
  const delimiter = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`);
  const fields: Record<string, string> = {};
  let fieldCount = 0;
  let failure: AppError | undefined;
  // A virtual CRLF in front lets the first boundary match the same delimiter as the others.
  let buffer: Buffer = Buffer.from('\r\n');
  let state = 'preamble' as 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';
  let part: { file?: { sink: Writable | null; info: FilePart; bytes: number }; field?: string; chunks: Buffer[]; size: number } | undefined;

  // Sinks given up on: a file stream destroyed before its open completed still creates the file,
  // so the request fails only once they are closed and the caller can remove what they left.
  const abandoned: Writable[] = [];
  const abandon = (sink: Writable | null | undefined) => {
    if (!sink) return;
    sink.destroy();
    abandoned.push(sink);
  };
  const fail = (err: AppError) => {
    failure ??= err;
    abandon(part?.file?.sink);
    part = undefined;
  };
  const malformed = (why: string) => fail(AppError.invalidParam(options.param, `malformed multipart body (${why})`));

  const emit = async (data: Buffer) => {
    if (!part || data.length === 0) return;
    const file = part.file;
    if (file) {
      file.bytes += data.length;
      if (file.bytes > options.maxFileBytes) return fail(options.tooLarge(file.info));
      if (file.sink && !file.sink.write(data)) await once(file.sink, 'drain');
      return;
    }
    part.size += data.length;
    if (part.size > MAX_FIELD_BYTES) return fail(AppError.invalidParam(part.field ?? 'form field', 'too long'));
    part.chunks.push(data);
  };

  const endPart = async () => {
    if (!part) return;
    const ended = part;
    part = undefined;
    const sink = ended.file?.sink;
    if (sink) {
      sink.end();
      await finished(sink);
    } else if (!ended.file && ended.field !== undefined) {
      if (++fieldCount > MAX_FIELDS) return fail(AppError.invalidParam('form', `more than ${MAX_FIELDS} fields`));
      const value = Buffer.concat(ended.chunks).toString('utf8');
      if (value.includes('\u0000') || ended.field.includes('\u0000')) return fail(nulRefused(ended.field));
      fields[ended.field] = value;
      options.onField?.(ended.field, value);
    }
  };

  const startPart = async (headerText: string) => {
    const disposition = /^content-disposition:(.*)$/im.exec(headerText)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = partFilename(disposition);
    if (filename === undefined) {
      part = { field: name, chunks: [], size: 0 };
      return;
    }
    // No name, file name or type is stored or compared with a NUL character in it (PostgreSQL cannot).
    if (headerText.includes('\u0000') || filename.includes('\u0000')) return fail(nulRefused(name ?? 'file'));
    const info = { field: name ?? '', filename, contentType: /^content-type:\s*(.*)$/im.exec(headerText)?.[1].trim() ?? '' };
    part = { file: { sink: null, info, bytes: 0 }, chunks: [], size: 0 };
    const sink = await options.onFile(info);
    // A sink that fails between writes (a full disk) fails the request instead of the process.
    sink?.on('error', (err) => fail(AppError.internal('api.context.upload.app_error', err)));
    if (part?.file) part.file.sink = sink;
    else abandon(sink);
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
        const headers = buffer.subarray(0, end).toString('utf8');
        buffer = buffer.subarray(end + 4);
        state = 'body';
        await startPart(headers);
      }
    }
  };

  for await (const chunk of req) {
    if (failure || state === 'done') continue; // drain, so the error response reaches the client
    buffer = buffer.length === 0 ? (chunk as Buffer) : Buffer.concat([buffer, chunk as Buffer]);
    try {
      await consume();
    } catch (err) {
      fail(err instanceof AppError ? err : AppError.internal('api.context.upload.app_error', err));
    }
  }
  if (!failure && state !== 'done') malformed('the body ended before the closing boundary');
  if (failure) {
    abandon(part?.file?.sink);
    await Promise.all(abandoned.map(closed));
    throw failure;
  }
  return fields;
}

/** Resolves once a destroyed sink has released its file (fs streams emit 'close' when they have). */
async function closed(sink: Writable): Promise<void> {
  if (sink.closed) return;
  await new Promise((resolve) => sink.once('close', resolve));
}

function nulRefused(field: string): AppError {
  return new AppError('api.context.invalid_body_param.app_error', 400, `The form field ${field.replace(/\u0000/g, '')} contains a NUL character, which cannot be stored.`);
}

/** The part's file name (RFC 7578 / RFC 5987 `filename*` wins), or undefined for a text field. */
function partFilename(disposition: string): string | undefined {
  const extended = /\bfilename\*=(?:UTF-8|utf-8)''([^;]*)/.exec(disposition)?.[1];
  if (extended !== undefined) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      return extended.trim();
    }
  }
  const plain = /\bfilename="((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1] ?? /\bfilename=([^;\s]*)/i.exec(disposition)?.[1];
  return plain?.replace(/\\(.)/g, '$1');
}
