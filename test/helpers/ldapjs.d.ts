// The part of ldapjs's server API the LDAP directory helper uses (the package ships no types).
declare module 'ldapjs' {
  interface LdapDn {
    toString(): string;
  }
  interface LdapFilter {
    matches(entry: Record<string, string[]>, strictAttributeCase?: boolean): boolean;
  }
  interface LdapControl {
    type: string;
    value?: { size?: number; cookie?: Buffer };
  }
  export interface BindRequest {
    dn: LdapDn;
    credentials: string;
  }
  export interface SearchRequest {
    dn: LdapDn;
    filter: LdapFilter;
    controls: LdapControl[];
  }
  export interface LdapResponse {
    end(status?: number): void;
  }
  export interface SearchResponse extends LdapResponse {
    send(entry: { dn: string; attributes: Record<string, string[]> }, noFiltering?: boolean): void;
    addControl(control: unknown): void;
  }
  type Next = (err?: unknown) => void;
  export interface Server {
    bind(base: string, handler: (req: BindRequest, res: LdapResponse, next: Next) => void): void;
    search(base: string, handler: (req: SearchRequest, res: SearchResponse, next: Next) => void): void;
    listen(port: number, host: string, callback: () => void): void;
    close(callback?: () => void): void;
    address(): { port: number };
    on(event: string, listener: (...args: unknown[]) => void): void;
  }
  export function createServer(options?: { certificate?: string; key?: string }): Server;
  export class InvalidCredentialsError extends Error {}
  export class NoSuchObjectError extends Error {}
  export class PagedResultsControl {
    constructor(options: { value: { size: number; cookie: Buffer } });
  }
  const ldap: {
    createServer: typeof createServer;
    InvalidCredentialsError: typeof InvalidCredentialsError;
    NoSuchObjectError: typeof NoSuchObjectError;
    PagedResultsControl: typeof PagedResultsControl;
  };
  export default ldap;
}
