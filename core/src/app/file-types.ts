// What a file's name says about it: the extension and MIME type Mattermost reports (Go's
// mime.TypeByExtension: text types in UTF-8, unknown extensions without a type).
const MIME_TYPES: Readonly<Record<string, string>> = {
  avi: 'video/avi',
  bmp: 'image/bmp',
  css: 'text/css',
  csv: 'text/csv',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  gif: 'image/gif',
  gz: 'application/gzip',
  htm: 'text/html',
  html: 'text/html',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  js: 'text/javascript',
  json: 'application/json',
  md: 'text/markdown',
  mov: 'video/quicktime',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  mpeg: 'video/mpeg',
  pdf: 'application/pdf',
  png: 'image/png',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  svg: 'image/svg+xml',
  tar: 'application/x-tar',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  txt: 'text/plain',
  wav: 'audio/wav',
  webm: 'video/webm',
  webp: 'image/webp',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xml: 'text/xml',
  zip: 'application/zip',
};

/** Images the server decodes for dimensions, thumbnails and previews (SVG is drawn by the client). */
const RASTER_IMAGES = new Set(['image/bmp', 'image/gif', 'image/jpeg', 'image/png', 'image/tiff', 'image/webp']);

/** Lower-case extension without the dot, as Mattermost's FileInfo.Extension. */
export function fileExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase().slice(0, 64);
}

export function mimeTypeOf(name: string): string {
  const type = MIME_TYPES[fileExtension(name)];
  if (!type) return '';
  return type.startsWith('text/') ? `${type}; charset=utf-8` : type;
}

export function isRasterImage(mimeType: string): boolean {
  return RASTER_IMAGES.has(mimeType);
}

/**
 * The name a file is kept under: the last segment of what the client sent (browsers may send a
 * path), without control characters, at most 256 characters. Empty when nothing usable is left.
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base.replace(/[\u0000-\u001f\u007f]/g, '').trim()].slice(0, 256).join('');
  return cleaned === '.' || cleaned === '..' ? '' : cleaned;
}
