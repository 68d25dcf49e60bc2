// Small pictures handled whole in memory (custom emoji, profile pictures, team icons): reading a
// stored one back, and telling its type from its first bytes.
import type { Readable } from 'node:stream';

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
