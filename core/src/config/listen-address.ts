/** Splits ServiceSettings.ListenAddress (`host:port`, `:port`, `[v6]:port`); an empty host means every interface. */
export function parseListenAddress(address: string): { host: string | undefined; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(address);
  if (!match) throw new Error(`ServiceSettings.ListenAddress "${address}" is not host:port or :port`);
  const port = Number(match[3]);
  if (port > 65535) throw new Error(`ServiceSettings.ListenAddress "${address}" has a port above 65535`);
  return { host: match[1] ?? (match[2] || undefined), port };
}
