// Small pictures handled whole in memory (custom emoji, profile pictures, team icons): what a
// picture's bytes are, read by sharp from their content and never from a name or a client's type.
import sharp from 'sharp';
import type { Readable } from 'node:stream';

/** A picture's format as sharp reads it (`png`, `jpeg`, `gif`, `webp`, `svg`, ...) and its size in pixels (one frame of an animation). */
export interface ImageFacts {
  format: string;
  width: number;
  height: number;
}

/** The facts of a picture, or null when the bytes are no picture sharp can read. */
export async function imageFacts(bytes: Buffer): Promise<ImageFacts | null> {
  try {
    const meta = await sharp(bytes).metadata();
    if (!meta.width || !meta.height) return null;
    return { format: meta.format, width: meta.width, height: meta.pageHeight ?? meta.height };
  } catch {
    return null;
  }
}

/** The MIME type of a stored GIF, PNG or JPEG, from its first bytes (what was stored was checked when it was stored). */
export function storedImageType(bytes: Buffer): string {
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  return 'image/png';
}

/** Reads a stored object whole (these pictures are small). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
