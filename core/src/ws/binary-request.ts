// Client requests sent as binary frames: Mattermost's clients encode some `{seq, action, data}`
// requests with MessagePack (the Calls plugin's SDP offers carry zlib-compressed bytes, which JSON
// cannot hold), and its server decodes binary frames with MessagePack where text frames are JSON.
import { decode, ExtData } from '@msgpack/msgpack';
import { parseRequest, type RequestFields } from './envelope.ts';

/**
 * Reads a binary frame as a request, to the same JSON values a text frame would give: each
 * MessagePack bin value becomes its bytes in standard, padded base64 (what Go's encoding/json makes
 * of a []byte, so a plugin ported from Mattermost finds the bytes where it looks for them, behind
 * one decode). Null when the frame is no request, as for a text frame that is not JSON: not
 * MessagePack, trailing bytes, a map key that is neither string nor number, or a value JSON has no
 * form for (extension types such as timestamps, NaN, infinities).
 */
export function parseBinaryRequest(frame: Uint8Array | ArrayBuffer | readonly Uint8Array[]): RequestFields | null {
  const bytes = frameBytes(frame);
  let json: string;
  try {
    // Every element takes at least one byte: a longer declared length is a lie, refused before the
    // decoder makes room for it.
    const limit = bytes.byteLength;
    const value = decode(bytes, { maxStrLength: limit, maxBinLength: limit, maxArrayLength: limit, maxMapLength: limit, maxExtLength: limit });
    json = JSON.stringify(value, jsonSafe);
  } catch {
    // Malformed MessagePack, or JSON.stringify's own refusals (nesting too deep for it).
    return null;
  }
  return parseRequest(json);
}

/** ws hands a message over as one Buffer (binaryType "nodebuffer"); the other shapes are those its type allows. */
function frameBytes(frame: Uint8Array | ArrayBuffer | readonly Uint8Array[]): Uint8Array {
  if (frame instanceof ArrayBuffer) return new Uint8Array(frame);
  return frame instanceof Uint8Array ? frame : Buffer.concat(frame);
}

/** JSON.stringify's replacer: `this[key]` is the value before Date's toJSON turned it into a string. */
function jsonSafe(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
  if (raw instanceof ExtData || raw instanceof Date) throw new TypeError('a MessagePack extension type has no JSON form');
  if (typeof raw === 'number' && !Number.isFinite(raw)) throw new TypeError('JSON has no NaN or infinity');
  return value;
}
