// One embedded PostgreSQL cluster per test run, and a fresh database per test server cloned from a
// migrated template, so suites own their data and never see each other's.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../core/src/store/embedded-database.ts';
import { Store } from '../../core/src/store/store.ts';

const TEMPLATE = 'parley_template';
let cluster: { db: EmbeddedDatabase; dir: string; adminUrl: URL } | undefined;
let counter = 0;

/** Starts the run's cluster and migrates the template database (once per run). */
export async function startTestCluster(): Promise<void> {
  if (cluster) return;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-test-pg-'));
  const db = await startEmbeddedDatabase(path.join(dir, 'postgres'));
  const adminUrl = new URL(db.url);
  cluster = { db, dir, adminUrl };
  await adminQuery(`create database ${TEMPLATE}`);
  const store = await Store.open({ url: urlFor(TEMPLATE), maxConnections: 2 });
  await store.close();
}

export async function stopTestCluster(): Promise<void> {
  if (!cluster) return;
  await cluster.db.stop();
  await rm(cluster.dir, { recursive: true, force: true });
  cluster = undefined;
}

/** A new, migrated, empty database; returns its URL. */
export async function freshDatabase(): Promise<string> {
  if (!cluster) throw new Error('the test cluster is not running (is test/setup.ts loaded?)');
  const name = `t_${process.pid}_${++counter}`;
  await adminQuery(`create database ${name} template ${TEMPLATE}`);
  return urlFor(name);
}

export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await adminQuery(`drop database if exists ${name} with (force)`);
}

function urlFor(database: string): string {
  const url = new URL(cluster!.adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
