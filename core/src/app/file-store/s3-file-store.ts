// FileSettings.DriverName = amazons3: objects in an S3-compatible bucket (AWS, MinIO, Ceph, ...)
// under AmazonS3PathPrefix. Uploads stream from the received file with its length known, so
// nothing is held in memory and S3 only shows the object once it is complete.
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { FileSettings } from '../../config/config-schema.ts';
import { checkKey, type FileSource, type FileStore } from './file-store.ts';

/** The SDK needs a region to sign requests; self-hosted servers usually ignore it. */
const DEFAULT_REGION = 'us-east-1';
/** Mattermost's default AmazonS3Endpoint: Amazon S3 itself. */
const AWS_ENDPOINT = 's3.amazonaws.com';
const EXPECT_CONTINUE_FROM_BYTES = 2 * 1024 * 1024;
const QUIET = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
/**
 * The SDK is loaded by the first S3 store made, not with the server: it holds some 27 MB resident
 * that a server storing files locally (the default) never needs.
 */
const loadSdk = (): typeof import('@aws-sdk/client-s3') => createRequire(import.meta.url)('@aws-sdk/client-s3');

export class S3FileStore implements FileStore {
  #sdk = loadSdk();
  #client: S3Client;
  #bucket: string;
  #prefix: string;

  constructor(settings: Readonly<FileSettings>) {
    this.#bucket = settings.AmazonS3Bucket;
    this.#prefix = settings.AmazonS3PathPrefix.replace(/^\/+|\/+$/g, '');
    // AWS itself is reached through the SDK's own regional endpoints; anything else as configured.
    const endpoint = settings.AmazonS3Endpoint === AWS_ENDPOINT ? '' : settings.AmazonS3Endpoint;
    this.#client = new this.#sdk.S3Client({
      region: settings.AmazonS3Region || DEFAULT_REGION,
      endpoint: endpoint ? `${settings.AmazonS3SSL ? 'https' : 'http'}://${endpoint}` : undefined,
      forcePathStyle: settings.AmazonS3PathStyle,
      // Without keys the SDK's default chain applies (environment, instance role).
      credentials: settings.AmazonS3AccessKeyId ? { accessKeyId: settings.AmazonS3AccessKeyId, secretAccessKey: settings.AmazonS3SecretAccessKey } : undefined,
      // Checksums only where S3 requires them: the default trailing checksums (aws-chunked
      // uploads) are not understood by many S3-compatible servers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // "Expect: 100-continue" spares sending a large body S3 would refuse; for small objects
      // (thumbnails, most files) it only costs a round trip, or a second where a server ignores it.
      expectContinueHeader: EXPECT_CONTINUE_FROM_BYTES,
      // Without a logger the SDK writes some warnings to the console; its failures reach the caller as errors anyway.
      logger: QUIET,
    });
  }

  async write(key: string, source: FileSource): Promise<void> {
    const body = Buffer.isBuffer(source) ? source : createReadStream(source.file);
    const length = Buffer.isBuffer(source) ? source.length : source.size;
    await this.#client.send(new this.#sdk.PutObjectCommand({ Bucket: this.#bucket, Key: this.#key(key), Body: body, ContentLength: length }));
  }

  async read(key: string): Promise<Readable | null> {
    try {
      const object = await this.#client.send(new this.#sdk.GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }));
      return object.Body as Readable;
    } catch (err) {
      if (err instanceof this.#sdk.NoSuchKey) return null;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await this.#client.send(new this.#sdk.DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(key) }));
  }

  async list(folder: string): Promise<string[]> {
    const prefix = this.#key(folder.replace(/\/+$/, ''));
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.#client.send(new this.#sdk.ListObjectsV2Command({ Bucket: this.#bucket, Prefix: `${prefix}/`, ContinuationToken: token }));
      for (const object of page.Contents ?? []) if (object.Key) keys.push(this.#prefix ? object.Key.slice(this.#prefix.length + 1) : object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async check(): Promise<void> {
    await this.#client.send(new this.#sdk.HeadBucketCommand({ Bucket: this.#bucket }));
  }

  #key(key: string): string {
    checkKey(key);
    return this.#prefix ? `${this.#prefix}/${key}` : key;
  }
}
