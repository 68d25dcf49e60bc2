// A real LDAP server on loopback (ldapjs's server) holding a small directory that suites change as
// they go: people under ou=people, groups (groupOfNames with member DNs) under ou=groups, and a
// service account. It answers simple binds, subtree searches with any filter (attribute names
// matched without case), and the paged-results control; with `tls`, it listens for LDAPS with a
// self-signed certificate made by openssl at start.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ldap, { type Server as LdapServer } from 'ldapjs';

export const BASE_DN = 'dc=parley,dc=test';
export const SERVICE_DN = `cn=service,${BASE_DN}`;
export const SERVICE_PASSWORD = 'service-secret';
const PAGED_RESULTS = '1.2.840.113556.1.4.319';

export interface DirectoryPerson {
  uid: string;
  password: string;
  mail: string;
  givenName?: string;
  sn?: string;
  title?: string;
  /** 'staff' or 'contractor' (suites filter on it); 'staff' when absent. */
  employeeType?: string;
}

interface StoredEntry {
  dn: string;
  attributes: Record<string, string[]>;
  password?: string;
}

export class LdapDirectory {
  #server: LdapServer;
  #entries = new Map<string, StoredEntry>();
  #tmp: string | undefined;
  /** Searches answered (suites check that paging was asked for). */
  pagedSearches = 0;
  port = 0;

  private constructor(server: LdapServer, tmp: string | undefined) {
    this.#server = server;
    this.#tmp = tmp;
    this.#entries.set(normalDn(SERVICE_DN), { dn: SERVICE_DN, attributes: { objectClass: ['person'], cn: ['service'] }, password: SERVICE_PASSWORD });
    server.bind(BASE_DN, (req, res, next) => {
      const entry = this.#entries.get(normalDn(req.dn.toString()));
      if (!entry || entry.password === undefined || entry.password !== req.credentials) return next(new ldap.InvalidCredentialsError());
      res.end();
      return next();
    });
    server.search(BASE_DN, (req, res, next) => {
      const base = normalDn(req.dn.toString());
      const matching = [...this.#entries.values()].filter((e) => normalDn(e.dn).endsWith(base) && req.filter.matches(e.attributes, false));
      const paging = req.controls.find((c) => c.type === PAGED_RESULTS);
      let page = matching;
      if (paging?.value?.size) {
        this.pagedSearches += 1;
        const start = paging.value.cookie && paging.value.cookie.length > 0 ? Number(paging.value.cookie.toString()) : 0;
        page = matching.slice(start, start + paging.value.size);
        const nextStart = start + paging.value.size;
        const cookie = nextStart < matching.length ? Buffer.from(String(nextStart)) : Buffer.alloc(0);
        res.addControl(new ldap.PagedResultsControl({ value: { size: matching.length, cookie } }));
      }
      // Names go out lower-cased: ldapjs adds an empty value under the lower-cased name of each
      // requested attribute it does not see, which would hide a camel-cased one.
      for (const entry of page) res.send({ dn: entry.dn, attributes: Object.fromEntries(Object.entries(entry.attributes).map(([k, v]) => [k.toLowerCase(), [...v]])) }, true);
      res.end();
      return next();
    });
  }

  /** Starts the server on a free loopback port; `tls`: LDAPS with a certificate for 127.0.0.1. */
  static async start(options: { tls?: boolean } = {}): Promise<LdapDirectory> {
    let tmp: string | undefined;
    let serverOptions = {};
    if (options.tls) {
      tmp = await mkdtemp(path.join(tmpdir(), 'parley-ldap-'));
      const key = path.join(tmp, 'key.pem');
      const cert = path.join(tmp, 'cert.pem');
      await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
      serverOptions = { key: await readFile(key, 'utf8'), certificate: await readFile(cert, 'utf8') };
    }
    const directory = new LdapDirectory(ldap.createServer(serverOptions), tmp);
    await new Promise<void>((resolve) => directory.#server.listen(0, '127.0.0.1', resolve));
    directory.port = directory.#server.address().port;
    return directory;
  }

  /** LdapSettings pointing at this directory, with attribute names a suite can build on. */
  settings(): Record<string, unknown> {
    return {
      Enable: true,
      LdapServer: '127.0.0.1',
      LdapPort: this.port,
      ConnectionSecurity: '',
      BaseDN: BASE_DN,
      BindUsername: SERVICE_DN,
      BindPassword: SERVICE_PASSWORD,
      UserFilter: '(objectClass=inetOrgPerson)',
      GroupFilter: '(objectClass=groupOfNames)',
      IdAttribute: 'uid',
      LoginIdAttribute: 'uid',
      UsernameAttribute: 'uid',
      EmailAttribute: 'mail',
      FirstNameAttribute: 'givenName',
      LastNameAttribute: 'sn',
      PositionAttribute: 'title',
      GroupIdAttribute: 'cn',
      GroupDisplayNameAttribute: 'description',
      QueryTimeout: 10,
    };
  }

  personDn(uid: string): string {
    return `uid=${uid},ou=people,${BASE_DN}`;
  }

  /** Adds (or replaces) a person. */
  addPerson(person: DirectoryPerson): void {
    const dn = this.personDn(person.uid);
    const attributes: Record<string, string[]> = {
      objectClass: ['inetOrgPerson'],
      uid: [person.uid],
      mail: [person.mail],
      employeeType: [person.employeeType ?? 'staff'],
    };
    if (person.givenName !== undefined) attributes.givenName = [person.givenName];
    if (person.sn !== undefined) attributes.sn = [person.sn];
    if (person.title !== undefined) attributes.title = [person.title];
    this.#entries.set(normalDn(dn), { dn, attributes, password: person.password });
  }

  /** Changes attributes of a person (attribute names are matched without case, as LDAP does). */
  updatePerson(uid: string, attributes: Record<string, string>): void {
    const entry = this.#entries.get(normalDn(this.personDn(uid)));
    if (!entry) throw new Error(`no person ${uid}`);
    for (const [name, value] of Object.entries(attributes)) {
      for (const existing of Object.keys(entry.attributes)) if (existing.toLowerCase() === name.toLowerCase()) delete entry.attributes[existing];
      entry.attributes[name] = [value];
    }
  }

  removePerson(uid: string): void {
    this.#entries.delete(normalDn(this.personDn(uid)));
  }

  /** Adds (or replaces) a group with these members (uids). */
  setGroup(cn: string, description: string, memberUids: readonly string[]): void {
    const dn = `cn=${cn},ou=groups,${BASE_DN}`;
    this.#entries.set(normalDn(dn), {
      dn,
      attributes: { objectClass: ['groupOfNames'], cn: [cn], description: [description], member: memberUids.map((uid) => this.personDn(uid)) },
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    if (this.#tmp) await rm(this.#tmp, { recursive: true, force: true });
  }
}

function normalDn(dn: string): string {
  return dn.split(/\s*,\s*/).join(',').toLowerCase();
}
