// Files for the upload suites: pictures drawn with sharp, uploads through Client4 as Mattermost's
// web app sends them, raw downloads (Client4 only builds their URLs), and an S3 server on loopback.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client4 } from '@mattermost/client';
import type { FileUploadResponse } from '@mattermost/types/files';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import sharp from 'sharp';
import type { TestServer } from './test-server.ts';

/** A PNG of the given size, a gradient so it does not compress to nothing. */
export async function pngFile(name: string, width: number, height: number): Promise<File> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 251;
  const png = await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
  return new File([new Uint8Array(png)], name, { type: 'image/png' });
}

/** Every file under a test server's local store, relative to it, without the plugin bundles kept there too. */
export async function storedLocally(ts: TestServer): Promise<string[]> {
  const root = path.join(ts.dataDir, 'files');
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter((p) => !p.startsWith('plugins'))
    .sort();
}

export function textFile(name: string, text: string): File {
  return new File([text], name, { type: 'text/plain' });
}

/** POST /files the way the web app does: channel_id first, then a client id and a file for each. */
export function upload(client: Client4, channelId: string, files: File[], clientIds: string[] = []): Promise<FileUploadResponse> {
  const form = new FormData();
  form.append('channel_id', channelId);
  files.forEach((file, i) => {
    if (clientIds[i] !== undefined) form.append('client_ids', clientIds[i]);
    form.append('files', file, file.name);
  });
  return client.uploadFile(form);
}

/** GETs a file URL Client4 built (getFileUrl, getFileThumbnailUrl, ...) with the client's token. */
export function download(client: Client4, url: string): Promise<Response> {
  return fetch(url, { headers: { Authorization: `Bearer ${client.getToken()}` } });
}

export interface S3Server {
  /** host:port, as FileSettings.AmazonS3Endpoint takes it. */
  endpoint: string;
  bucket: string;
  /** s3rver's default credentials. */
  accessKeyId: string;
  secretAccessKey: string;
  close(): Promise<void>;
}

/** A real S3-speaking server (s3rver) on a free loopback port, keeping its objects in a temp dir. */
export async function startS3Server(bucket = 'parley-files'): Promise<S3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), 'parley-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    endpoint: `127.0.0.1:${port}`,
    bucket,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** FileSettings that keep a server's files (and plugin bundles) in the bucket of `s3`, under `prefix`. */
export function s3FileSettings(s3: S3Server, prefix: string): Record<string, unknown> {
  return {
    DriverName: 'amazons3',
    AmazonS3Bucket: s3.bucket,
    AmazonS3Endpoint: s3.endpoint,
    AmazonS3SSL: false,
    AmazonS3PathStyle: true,
    AmazonS3AccessKeyId: s3.accessKeyId,
    AmazonS3SecretAccessKey: s3.secretAccessKey,
    AmazonS3PathPrefix: prefix,
  };
}

/** A client of the S3 server, for suites that look at what a server stored there; destroy it when done. */
export function s3Client(s3: S3Server): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: `http://${s3.endpoint}`,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
}
