// What a file is, for showing it: a picture the server made a thumbnail of, text small enough to
// read in the preview, a PDF (its own tab), or anything else (a download card).
import type { FileInfo } from '@mattermost/types/files';
import { client } from '../../client.ts';

/** Text files up to this size open in the preview; bigger ones only download. */
export const TEXT_PREVIEW_MAX_BYTES = 100 * 1024;

const TEXT_EXTENSIONS = new Set(
  'txt md markdown log csv tsv json yaml yml xml toml ini conf cfg env sh bash zsh ps1 bat js jsx mjs cjs ts tsx css scss less html htm vue svelte py rb go rs java kt kts scala c h cc cpp hpp cs swift php pl lua r sql graphql proto dockerfile makefile gradle diff patch'.split(' '),
);

export function isImage(file: FileInfo): boolean {
  return file.mime_type.startsWith('image/') && file.has_preview_image;
}

export function isPdf(file: FileInfo): boolean {
  return file.mime_type === 'application/pdf' || file.extension.toLowerCase() === 'pdf';
}

export function isPreviewableText(file: FileInfo): boolean {
  return file.size <= TEXT_PREVIEW_MAX_BYTES && (file.mime_type.startsWith('text/') || TEXT_EXTENSIONS.has(file.extension.toLowerCase()));
}

export function fileUrl(file: FileInfo): string {
  return client.getFileUrl(file.id, 0);
}

export function downloadUrl(file: FileInfo): string {
  return `${client.getFileUrl(file.id, 0)}?download=1`;
}

/** "12 KB", "3.4 MB": sizes as Mattermost's file cards show them. */
export function fileSizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** A short mark for the card's icon, by kind of file. */
export function fileIcon(file: FileInfo): string {
  if (isPdf(file)) return '📕';
  if (file.mime_type.startsWith('audio/')) return '🎵';
  if (file.mime_type.startsWith('video/')) return '🎞️';
  if (/^(zip|gz|tgz|tar|7z|rar|bz2|xz)$/.test(file.extension.toLowerCase())) return '🗜️';
  if (isPreviewableText(file) || file.mime_type.startsWith('text/')) return '📄';
  return '📎';
}
