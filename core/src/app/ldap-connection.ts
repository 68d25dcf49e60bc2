// One conversation with the LDAP / Active Directory server of LdapSettings (through ldapts): connect
// (plain, LDAPS or STARTTLS), bind as the service account, search under BaseDN, and check a
// person's password by binding as them on a connection of its own. Failures become Mattermost's
// ent.ldap.* errors; what the directory said goes to the error's details, never to the client.
import { isIP } from 'node:net';
import type { Client, Entry } from 'ldapts';
import type { LdapSettings } from '../config/config-schema.ts';
import { AppError } from '../errors/app-error.ts';

/** RFC 4511's "no attributes": for searches that need only the entries' DNs. */
export const NO_ATTRIBUTES = ['1.1'];

/** An entry of the directory: its DN and its attributes, names lower-cased, values as text. */
export interface DirectoryEntry {
  dn: string;
  attributes: ReadonlyMap<string, readonly string[]>;
}

/** The first value of `attribute` in `entry` ('' when the attribute is unset or not configured). */
export function attributeOf(entry: DirectoryEntry, attribute: string): string {
  if (attribute === '') return '';
  return entry.attributes.get(attribute.toLowerCase())?.[0] ?? '';
}

/** Every value of `attribute` in `entry`. */
export function attributeValues(entry: DirectoryEntry, attribute: string): readonly string[] {
  return attribute === '' ? [] : (entry.attributes.get(attribute.toLowerCase()) ?? []);
}

/** `value` made safe inside a search filter (RFC 4515: \ * ( ) and NUL escaped). */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** `(&(attribute=value)extra)`: one attribute's value, within an administrator's filter (which may be empty). */
export function matchFilter(attribute: string, value: string, extra: string): string {
  const equality = `(${attribute}=${escapeFilterValue(value)})`;
  return extra.trim() === '' ? equality : `(&${equality}${wrapped(extra)})`;
}

/** An administrator's filter, or "everything" when empty. */
export function filterOrAll(filter: string): string {
  return filter.trim() === '' ? '(objectClass=*)' : wrapped(filter);
}

/** Mattermost accepts filters written without their outer parentheses. */
function wrapped(filter: string): string {
  const trimmed = filter.trim();
  return trimmed.startsWith('(') ? trimmed : `(${trimmed})`;
}

export class LdapConnection {
  #settings: Readonly<LdapSettings>;
  #client: Client;

  private constructor(settings: Readonly<LdapSettings>, client: Client) {
    this.#settings = settings;
    this.#client = client;
  }

  /** Connects and binds as the service account (BindUsername; anonymously when it is empty). */
  static async open(settings: Readonly<LdapSettings>): Promise<LdapConnection> {
    if (settings.LdapServer.trim() === '') {
      throw new AppError('ent.ldap.do_login.unable_to_connect.app_error', 500, 'No AD/LDAP server is configured (LdapSettings.LdapServer).');
    }
    const connection = new LdapConnection(settings, await newClient(settings));
    try {
      if (settings.ConnectionSecurity === 'STARTTLS') await connection.#client.startTLS(tlsOptions(settings));
      await connection.#client.bind(settings.BindUsername, settings.BindPassword);
    } catch (err) {
      await connection.close();
      if (invalidCredentials(err)) {
        throw new AppError('ent.ldap.do_login.bind_admin_user.app_error', 500, 'The AD/LDAP server refused the bind username and password: check LdapSettings.BindUsername and BindPassword.', { details: (err as Error).message, cause: err });
      }
      throw new AppError('ent.ldap.do_login.unable_to_connect.app_error', 500, `Could not connect to the AD/LDAP server at ${serverUrl(settings)}: check the server, port and connection security.`, { details: (err as Error).message, cause: err });
    }
    return connection;
  }

  /** Entries under BaseDN matching `filter`, paged by MaxPageSize when it is set. */
  async search(filter: string, attributes: readonly string[]): Promise<DirectoryEntry[]> {
    try {
      const pageSize = this.#settings.MaxPageSize;
      const { searchEntries } = await this.#client.search(this.#settings.BaseDN, {
        scope: 'sub',
        filter,
        // Attribute names are case-insensitive in LDAP; asked for lower-cased, they come back so.
        attributes: [...new Set(attributes.filter((a) => a !== '').map((a) => a.toLowerCase()))],
        ...(pageSize > 0 ? { paged: { pageSize } } : {}),
      });
      return searchEntries.map(toDirectoryEntry);
    } catch (err) {
      throw new AppError('ent.ldap.do_login.search_ldap_server.app_error', 500, 'Searching the AD/LDAP server failed: check LdapSettings.BaseDN and the filters.', { details: `filter=${filter}: ${(err as Error).message}`, cause: err });
    }
  }

  /** Whether `password` is the password of the entry `dn` (a bind on a connection of its own). */
  async passwordMatches(dn: string, password: string): Promise<boolean> {
    // An empty password would be an "unauthenticated bind", which many servers accept for anyone.
    if (password === '') return false;
    const client = await newClient(this.#settings);
    try {
      if (this.#settings.ConnectionSecurity === 'STARTTLS') await client.startTLS(tlsOptions(this.#settings));
      await client.bind(dn, password);
      return true;
    } catch (err) {
      if (invalidCredentials(err)) return false;
      throw new AppError('ent.ldap.do_login.unable_to_connect.app_error', 500, 'Could not check the password with the AD/LDAP server.', { details: (err as Error).message, cause: err });
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.#client.unbind().catch(() => undefined);
  }
}

/** Runs `work` on a connection bound as the service account, closed afterwards. */
export async function withLdap<T>(settings: Readonly<LdapSettings>, work: (connection: LdapConnection) => Promise<T>): Promise<T> {
  const connection = await LdapConnection.open(settings);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

function serverUrl(settings: Readonly<LdapSettings>): string {
  const scheme = settings.ConnectionSecurity === 'TLS' ? 'ldaps' : 'ldap';
  const host = settings.LdapServer.includes(':') && !settings.LdapServer.startsWith('[') ? `[${settings.LdapServer}]` : settings.LdapServer;
  return `${scheme}://${host}:${settings.LdapPort}`;
}

function tlsOptions(settings: Readonly<LdapSettings>) {
  // SNI takes host names only; an address is checked against the certificate's IP entries.
  return { rejectUnauthorized: !settings.SkipCertificateVerification, ...(isIP(settings.LdapServer) ? {} : { servername: settings.LdapServer }) };
}

/** LDAP's invalidCredentials result (49), as ldapts reports it. */
function invalidCredentials(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 49;
}

/** A client of the directory; ldapts loads with the first one, so a server without AD/LDAP never holds it. */
async function newClient(settings: Readonly<LdapSettings>): Promise<Client> {
  const { Client: LdapClient } = await import('ldapts');
  const timeout = settings.QueryTimeout * 1000;
  return new LdapClient({
    url: serverUrl(settings),
    timeout,
    connectTimeout: timeout,
    ...(settings.ConnectionSecurity === 'TLS' ? { tlsOptions: tlsOptions(settings) } : {}),
  });
}

function toDirectoryEntry(entry: Entry): DirectoryEntry {
  const attributes = new Map<string, string[]>();
  for (const [name, value] of Object.entries(entry)) {
    if (name === 'dn') continue;
    const values = (Array.isArray(value) ? value : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
    attributes.set(name.toLowerCase(), values);
  }
  return { dn: entry.dn, attributes };
}

/** A DN as directories compare them for attribute types and ordinary values: without case or spaces around commas. */
export function dnKey(dn: string): string {
  return dn.split(/\s*,\s*/).join(',').toLowerCase();
}
