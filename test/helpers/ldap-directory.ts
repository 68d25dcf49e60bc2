// A real LDAP server on loopback: Debian's OpenLDAP `slapd`, started per suite with a config of its own
// in a temporary folder, holding a small directory that suites change as they go — people
// (inetOrgPerson) under ou=people, groups (groupOfNames with member DNs) under ou=groups, and two
// service accounts. Changes go through OpenLDAP's own ldapmodify/ldapdelete as the directory's
// manager, synchronously, so a suite's next request already sees them. With `tls`, slapd listens
// for LDAPS with a self-signed certificate made by openssl at start.
// scripts/test-services.sh installs `slapd` and `ldap-utils`.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

export const BASE_DN = 'dc=parley,dc=test';
export const SERVICE_DN = `cn=service,${BASE_DN}`;
export const SERVICE_PASSWORD = 'service-secret';
/**
 * A service account that may read at most PAGED_ONLY_LIMIT entries per search unless it asks for
 * them page by page (the paged-results control): a sync bound as it proves paging is used.
 */
export const PAGED_ONLY_DN = `cn=paged-only,${BASE_DN}`;
export const PAGED_ONLY_LIMIT = 2;
const MANAGER_DN = `cn=manager,${BASE_DN}`;
const MANAGER_PASSWORD = 'manager-secret';
const SLAPD = '/usr/sbin/slapd';
const SCHEMAS = ['core', 'cosine', 'inetorgperson'];
const START_TIMEOUT_MS = 10_000;

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

/** A person as last written, so that an entry can be written anew under another object class. */
type PersonAttributes = Record<string, string[]>;

export class LdapDirectory {
  #slapd: ChildProcess;
  #dir: string;
  #url: string;
  #people = new Map<string, PersonAttributes>();
  port: number;

  private constructor(slapd: ChildProcess, dir: string, url: string, port: number) {
    this.#slapd = slapd;
    this.#dir = dir;
    this.#url = url;
    this.port = port;
  }

  /** Starts slapd on a free loopback port; `tls`: LDAPS with a certificate for 127.0.0.1. */
  static async start(options: { tls?: boolean } = {}): Promise<LdapDirectory> {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-ldap-'));
    try {
      const tlsLines: string[] = [];
      if (options.tls) {
        const key = path.join(dir, 'key.pem');
        const cert = path.join(dir, 'cert.pem');
        await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
        tlsLines.push(`TLSCertificateFile ${cert}`, `TLSCertificateKeyFile ${key}`);
      }
      await mkdir(path.join(dir, 'data'));
      const config = path.join(dir, 'slapd.conf');
      await writeFile(config, slapdConfig(dir, tlsLines));
      // The base entries go in offline, before the server starts.
      execFileSync(SLAPD, ['-T', 'add', '-f', config], { input: initialEntries(), stdio: ['pipe', 'ignore', 'pipe'] });
      const port = await freePort();
      const url = `${options.tls ? 'ldaps' : 'ldap'}://127.0.0.1:${port}/`;
      // -d keeps slapd in the foreground (so it ends with this process's child) and logs nothing more.
      const slapd = spawn(SLAPD, ['-d', '0', '-f', config, '-h', url], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      slapd.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const directory = new LdapDirectory(slapd, dir, `ldap://127.0.0.1:${port}/`, port);
      if (options.tls) directory.#url = url;
      await directory.#waitUntilAnswering(() => stderr);
      return directory;
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
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
    const attributes: PersonAttributes = {
      objectClass: ['inetOrgPerson'],
      uid: [person.uid],
      // inetOrgPerson (as person) requires a common name and a surname.
      cn: [[person.givenName, person.sn].filter(Boolean).join(' ') || person.uid],
      sn: [person.sn ?? person.uid],
      mail: [person.mail],
      employeeType: [person.employeeType ?? 'staff'],
      userPassword: [person.password],
    };
    if (person.givenName !== undefined) attributes.givenName = [person.givenName];
    if (person.title !== undefined) attributes.title = [person.title];
    this.#writePerson(person.uid, attributes);
  }

  /**
   * Changes attributes of a person (names matched without case, as LDAP does). A new objectClass
   * writes the entry anew, as a directory admin does: a structural class cannot be modified in
   * place. Attributes the new class does not allow are left out while it holds.
   */
  updatePerson(uid: string, changes: Record<string, string>): void {
    const attributes = this.#people.get(uid);
    if (!attributes) throw new Error(`no person ${uid}`);
    const updated: PersonAttributes = { ...attributes };
    for (const [name, value] of Object.entries(changes)) {
      for (const existing of Object.keys(updated)) if (existing.toLowerCase() === name.toLowerCase()) delete updated[existing];
      updated[name] = [value];
    }
    this.#writePerson(uid, updated);
  }

  removePerson(uid: string): void {
    this.#ldap('ldapdelete', this.personDn(uid));
    this.#people.delete(uid);
  }

  /** Adds (or replaces) a group with these members (uids); a group without members names the manager, as groupOfNames needs one. */
  setGroup(cn: string, description: string, memberUids: readonly string[]): void {
    const dn = `cn=${cn},ou=groups,${BASE_DN}`;
    const members = memberUids.length > 0 ? memberUids.map((uid) => this.personDn(uid)) : [MANAGER_DN];
    this.#ldap('ldapdelete', '-c', dn);
    this.#ldapModify(ldif(dn, { objectClass: ['groupOfNames'], cn: [cn], description: [description], member: members }, 'add'));
  }

  async close(): Promise<void> {
    if (this.#slapd.exitCode === null && this.#slapd.signalCode === null) {
      const exited = new Promise((resolve) => this.#slapd.once('exit', resolve));
      this.#slapd.kill('SIGTERM');
      await exited;
    }
    await rm(this.#dir, { recursive: true, force: true });
  }

  #writePerson(uid: string, attributes: PersonAttributes): void {
    const dn = this.personDn(uid);
    const structural = attributes.objectClass?.[0] ?? 'inetOrgPerson';
    const written = structural.toLowerCase() === 'inetorgperson' ? attributes : personOnly(attributes);
    if (this.#people.has(uid)) this.#ldap('ldapdelete', dn);
    this.#ldapModify(ldif(dn, written, 'add'));
    this.#people.set(uid, attributes);
  }

  #ldapModify(input: string): void {
    this.#ldap('ldapmodify', { input });
  }

  /** Runs an OpenLDAP client as the manager; `-c` lets a delete of an absent entry pass. */
  #ldap(tool: string, ...args: Array<string | { input: string }>): void {
    const input = args.find((a): a is { input: string } => typeof a === 'object')?.input;
    const words = args.filter((a): a is string => typeof a === 'string');
    try {
      execFileSync(tool, ['-x', '-H', this.#url, '-D', MANAGER_DN, '-w', MANAGER_PASSWORD, ...words], {
        input,
        env: { ...process.env, LDAPTLS_REQCERT: 'never' },
        stdio: ['pipe', 'ignore', 'pipe'],
      });
    } catch (err) {
      const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
      // ldapdelete -c of an entry that is not there: "No such object (32)".
      if (words.includes('-c') && /No such object \(32\)/.test(stderr)) return;
      throw new Error(`${tool} failed: ${stderr.trim() || String(err)}`);
    }
  }

  async #waitUntilAnswering(stderr: () => string): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (this.#slapd.exitCode !== null) throw new Error(`slapd exited with code ${this.#slapd.exitCode}: ${stderr().trim()}`);
      const answered = await promisify(execFile)('ldapwhoami', ['-x', '-H', this.#url, '-D', MANAGER_DN, '-w', MANAGER_PASSWORD], {
        env: { ...process.env, LDAPTLS_REQCERT: 'never' },
      }).then(
        () => true,
        () => false,
      );
      if (answered) return;
      if (Date.now() > deadline) {
        await this.close();
        throw new Error(`slapd did not answer within ${START_TIMEOUT_MS} ms: ${stderr().trim()}`);
      }
      await sleep(50);
    }
  }
}

function slapdConfig(dir: string, tlsLines: string[]): string {
  return [
    ...SCHEMAS.map((schema) => `include /etc/ldap/schema/${schema}.schema`),
    `pidfile ${path.join(dir, 'slapd.pid')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    ...tlsLines,
    // Passwords are readable by no one; anyone may bind with one; the rest is readable after a bind.
    'access to attrs=userPassword by anonymous auth by * none',
    'access to * by users read by * none',
    'database mdb',
    `suffix "${BASE_DN}"`,
    `rootdn "${MANAGER_DN}"`,
    `rootpw ${MANAGER_PASSWORD}`,
    `directory ${path.join(dir, 'data')}`,
    'maxsize 67108864',
    // Non-paged searches of the paged-only account stop at the limit; paged ones may read everything.
    `limits dn.exact="${PAGED_ONLY_DN}" size.soft=${PAGED_ONLY_LIMIT} size.hard=${PAGED_ONLY_LIMIT} size.prtotal=unlimited`,
    '',
  ].join('\n');
}

function initialEntries(): string {
  return [
    ldif(BASE_DN, { objectClass: ['dcObject', 'organization'], dc: ['parley'], o: ['Parley tests'] }),
    ldif(`ou=people,${BASE_DN}`, { objectClass: ['organizationalUnit'], ou: ['people'] }),
    ldif(`ou=groups,${BASE_DN}`, { objectClass: ['organizationalUnit'], ou: ['groups'] }),
    ldif(SERVICE_DN, { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn: ['service'], userPassword: [SERVICE_PASSWORD] }),
    ldif(PAGED_ONLY_DN, { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn: ['paged-only'], userPassword: ['paged-secret'] }),
  ].join('\n');
}

/**
 * The attributes an organizationalPerson may hold (inetOrgPerson's own ones dropped); uidObject
 * keeps the uid its DN is named by.
 */
function personOnly(attributes: PersonAttributes): PersonAttributes {
  const allowed = new Set(['cn', 'sn', 'title', 'userpassword', 'uid']);
  const kept = Object.entries(attributes).filter(([name]) => allowed.has(name.toLowerCase()));
  return { objectClass: [attributes.objectClass![0]!, 'uidObject'], ...Object.fromEntries(kept) };
}

/** One LDIF record; `add` makes it a change record for ldapmodify. Values are base64 so any text goes. */
function ldif(dn: string, attributes: Record<string, string[]>, change?: 'add'): string {
  const lines = [`dn: ${dn}`];
  if (change) lines.push(`changetype: ${change}`);
  for (const [name, values] of Object.entries(attributes)) for (const value of values) lines.push(`${name}:: ${Buffer.from(value).toString('base64')}`);
  return `${lines.join('\n')}\n\n`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
