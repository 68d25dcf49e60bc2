// The images Mattermost derives from an uploaded picture: a thumbnail that fits 120x100, a preview
// at most 1920 wide (Mattermost bounds only the width), and a 16x16 "mini preview" clients blur
// while the image loads. All JPEG on white, turned upright by the EXIF orientation.
import type { Sharp } from 'sharp';
import { loadSharp } from './sharp-loader.ts';

const THUMBNAIL = { width: 120, height: 100 };
const PREVIEW_WIDTH = 1920;
const MINI_PREVIEW = 16;
const JPEG_QUALITY = 90;

export interface ImageFacts {
  /** As displayed, after the EXIF orientation. */
  width: number;
  height: number;
  /** Several frames (an animated GIF or WebP): clients show the image itself, not a preview. */
  animated: boolean;
  /** What the bytes are, as sharp reads them (`png`, `jpeg`, `gif`, `webp`, `svg`, ...), whatever the name says. */
  format: string;
}

export interface ImageDerivatives {
  thumbnail: Buffer;
  preview: Buffer;
  miniPreview: Buffer;
}

/** The picture's size read from its header (a file, or bytes in memory), or null when it cannot be decoded as an image. */
export async function readImageFacts(file: string | Buffer): Promise<ImageFacts | null> {
  const sharp = await loadSharp();
  try {
    const meta = await sharp(file).metadata();
    const upright = meta.autoOrient ?? meta;
    if (!upright.width || !upright.height) return null;
    return { width: upright.width, height: upright.height, animated: (meta.pages ?? 1) > 1, format: meta.format };
  } catch {
    return null;
  }
}

/** Decodes the image (first frame) once and renders the three derivatives from it. */
export async function renderDerivatives(file: string): Promise<ImageDerivatives> {
  const sharp = await loadSharp();
  const upright = sharp(file, { failOn: 'none' }).rotate().flatten({ background: '#ffffff' });
  const jpeg = (image: Sharp) => image.jpeg({ quality: JPEG_QUALITY }).toBuffer();
  const [thumbnail, preview, miniPreview] = await Promise.all([
    jpeg(upright.clone().resize({ ...THUMBNAIL, fit: 'inside', withoutEnlargement: true })),
    jpeg(upright.clone().resize({ width: PREVIEW_WIDTH, withoutEnlargement: true })),
    jpeg(upright.clone().resize({ width: MINI_PREVIEW, height: MINI_PREVIEW, fit: 'cover' })),
  ]);
  return { thumbnail, preview, miniPreview };
}
