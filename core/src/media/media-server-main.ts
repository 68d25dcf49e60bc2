// `scripts/parley media`: runs the media service on its own (media-server.ts), for Parley servers
// whose Calls setting RTCDServiceURL names it. Its options are its own, not the chat server's:
//   --listen host:port       where clients connect (default 127.0.0.1:8045); port 0 for any free one
//   --keys-file path         the clients: one `<client id>:<key>` a line (# starts a comment); required
//   --udp-address address    the local address ICE binds (default: all)
//   --udp-port port          the one UDP port every participant's media uses (default 8443; 0: a free one)
//   --ice-host-override addr the address host candidates announce (behind NAT)
//   --tcp                    ICE over TCP too, on one TCP port with the UDP port's number
//   --stun url               a STUN server (repeatable)
// It prints one JSON line `{"msg":"media server listening","address":"host:port"}` once it listens.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Logger } from '../logger.ts';
import { CLIENT_ID, MediaServer, MIN_KEY_CHARS } from './media-server.ts';
import type { MediaConfig } from './media-protocol.ts';

const USAGE = 'usage: scripts/parley media --keys-file <path> [--listen host:port] [--udp-address a] [--udp-port n] [--ice-host-override a] [--tcp] [--stun url]...';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(64);
}

function readClients(file: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`the keys file cannot be read: ${(err as Error).message}`);
  }
  const clients = new Map<string, string>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const colon = line.indexOf(':');
    const [id, key] = [line.slice(0, colon), line.slice(colon + 1)];
    if (colon <= 0 || !CLIENT_ID.test(id)) fail(`keys file line ${index + 1}: a client id is 1 to 64 letters, digits, "_" or "-", then ":" and the key`);
    if (key.length < MIN_KEY_CHARS) fail(`keys file line ${index + 1}: the key of ${id} must be at least ${MIN_KEY_CHARS} characters`);
    clients.set(id, key);
  });
  if (clients.size === 0) fail('the keys file names no client: nobody could connect');
  return clients;
}

function port(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) fail(`${name} must be a port number from ${min} to ${max}`);
  return value;
}

function readOptions() {
  try {
    return parseArgs({
      options: {
        listen: { type: 'string', default: '127.0.0.1:8045' },
        'keys-file': { type: 'string' },
        'udp-address': { type: 'string', default: '' },
        'udp-port': { type: 'string', default: '8443' },
        'ice-host-override': { type: 'string', default: '' },
        tcp: { type: 'boolean', default: false },
        stun: { type: 'string', multiple: true, default: [] },
      },
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
}

const values = readOptions();
if (!values['keys-file']) fail('--keys-file is required: the service takes no client without a key');
const colon = values.listen.lastIndexOf(':');
if (colon <= 0) fail('--listen must be host:port');
const listenHost = values.listen.slice(0, colon);
const listenPort = port(values.listen.slice(colon + 1), '--listen', 0, 65535);
for (const url of values.stun) if (!/^stuns?:[^\s]{1,250}$/.test(url)) fail(`--stun ${url}: a STUN server is stun:host[:port]`);
const config: MediaConfig = {
  udpAddress: values['udp-address'],
  udpPort: port(values['udp-port'], '--udp-port', 0, 65535),
  enableTcp: values.tcp,
  iceHostOverride: values['ice-host-override'],
  iceServers: values.stun.length > 0 ? [{ urls: values.stun }] : [],
};

const logger = new Logger({ fields: { source: 'media-server' } });
const server = new MediaServer({ config, clients: readClients(values['keys-file']), logger });
const address = await server.listen(listenHost, listenPort).catch((err: Error) => fail(err.message));
logger.info('media server listening', { address: `${address.address}:${address.port}` });

// werift reports a peer's broken packets as errors of its own sockets; one participant's garbage
// must not end everyone's calls.
process.on('uncaughtException', (err) => logger.error('media server error', { err }));
process.on('unhandledRejection', (err) => logger.error('media server error', { err }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
