// Forms that carry one small picture (a custom emoji, a profile picture, a team icon): the picture is
// read into memory under its size limit, the text fields are returned beside it.
import { Writable } from 'node:stream';
import type { AppError } from '../errors/app-error.ts';
import type { ParleyContext } from './context.ts';
import { readMultipart } from './multipart-file.ts';

export interface ImageForm {
  fields: Record<string, string>;
  /** The picture's bytes; null when the form had no file in the field. */
  image: Buffer | null;
}

/** Reads the request's form; a second file in `field` or one over `maxBytes` fails the request. */
export async function readImageForm(ctx: ParleyContext, options: { field: string; maxBytes: number; tooLarge: () => AppError; missing?: () => AppError }): Promise<ImageForm> {
  let chunks: Buffer[] | null = null;
  const fields = await readMultipart(ctx.req, ctx.get('Content-Type'), {
    param: options.field,
    maxFileBytes: options.maxBytes,
    tooLarge: options.tooLarge,
    onFile: async (part) => {
      if (part.field !== options.field || chunks) return null;
      const received: Buffer[] = (chunks = []);
      return new Writable({
        write(chunk: Buffer, _encoding, done) {
          received.push(chunk);
          done();
        },
      });
    },
  });
  if (!chunks && options.missing) throw options.missing();
  return { fields, image: chunks ? Buffer.concat(chunks) : null };
}
