// Where the shared UDP socket (udp-mux.ts) and TCP port (tcp-mux.ts) go into werift, which has no
// option for them: werift (0.25) gives each host candidate a StunProtocol whose `connectionMade` binds
// a UdpTransport of its own, and a TcpPassiveProtocol whose `connectionMade` listens on a TCP server of
// its own: a port (two) per peer connection. For one peer connection at a time, and without touching
// werift's modules or prototypes, this replaces exactly those steps:
//
// 1. `pc.secureManager.createTransport` (private) makes each ICE transport; it is wrapped on this
//    peer connection's manager to reach the new transport's ICE `Connection`.
// 2. That Connection's `ensureProtocol` (private) is called with each protocol just before its
//    `connectionMade`; wrapped, it swaps the `connectionMade` of a StunProtocol (a UDP host
//    candidate; TCP and TURN protocols are left alone) for one that hands the protocol an endpoint of
//    the shared socket as its `transport` and routes that endpoint's datagrams to the protocol's own
//    `datagramReceived` — what werift's version does with the socket it binds. The host candidate
//    then names the shared port (`getExtraInfo` reads `transport.address`).
//    A TcpPassiveProtocol's `connectionMade` is swapped for one that files the agent on the shared
//    TCP port instead of listening, its `listeningPort` (which the candidate names) for the shared
//    port, and its `close` leaves the port too; connections the port accepts for the agent go to the
//    protocol's `registerSocket`, as those of its own server would. (Its unused server is closed
//    by its own `close`, which tolerates one that never listened.)
// 3. The Connection's `restart` (an ICE restart makes a new ufrag) is followed by filing the agent
//    under its new ufrag.
// werift-shared-ports.test.ts fails if any of these insides is gone or changed shape.
import type { Socket } from 'node:net';
import { RTCPeerConnection, StunProtocol, TcpPassiveProtocol, type RTCDtlsTransport } from 'werift';
import type { TcpMux, TcpMuxAgent } from './tcp-mux.ts';
import type { MuxAddress, MuxAgent, UdpMux } from './udp-mux.ts';

/** What of werift's ICE Connection the seam uses. */
interface IceConnectionInsides {
  localUsername: string;
  localPassword: string;
  ensureProtocol(protocol: unknown): void;
  restart(): Promise<void>;
}

/** What of werift's StunProtocol the seam uses. */
interface StunProtocolInsides {
  transport: unknown;
  connectionMade: (useIpv4: boolean, ...rest: unknown[]) => Promise<void>;
  datagramReceived(data: Buffer, address: MuxAddress): void;
}

/** What of werift's TcpPassiveProtocol the seam uses. */
interface TcpPassiveInsides {
  localIp: string | undefined;
  connectionMade: (localIp: string, ...rest: unknown[]) => Promise<void>;
  registerSocket(socket: Socket, remote: [string, number]): unknown;
  close(): Promise<void>;
}

/** The shared ports a peer connection's ICE uses: UDP always, TCP when the fallback is on. */
export interface SharedPorts {
  udp: UdpMux;
  tcp?: TcpMux;
}

type CreateTransport = (...args: unknown[]) => RTCDtlsTransport;

/** Says which of werift's insides the seam needs is missing, or nothing when all are there. */
export function missingWeriftInsides(pc: RTCPeerConnection): string | undefined {
  const manager = (pc as unknown as { secureManager?: { createTransport?: unknown } }).secureManager;
  if (typeof manager?.createTransport !== 'function') return 'RTCPeerConnection.secureManager.createTransport';
  const stun = new StunProtocol() as unknown as Partial<StunProtocolInsides>;
  if (!Object.hasOwn(stun, 'connectionMade') || typeof stun.connectionMade !== 'function') return 'StunProtocol#connectionMade (an own property)';
  if (typeof stun.datagramReceived !== 'function') return 'StunProtocol#datagramReceived';
  if (!Object.hasOwn(stun, 'transport')) return 'StunProtocol#transport';
  const passive = TcpPassiveProtocol.prototype as unknown as Partial<TcpPassiveInsides>;
  if (typeof passive.connectionMade !== 'function' || typeof passive.registerSocket !== 'function' || typeof passive.close !== 'function') return 'TcpPassiveProtocol#connectionMade, #registerSocket and #close';
  if (!Object.getOwnPropertyDescriptor(TcpPassiveProtocol.prototype, 'listeningPort')?.get) return 'TcpPassiveProtocol#listeningPort (a getter)';
  return undefined;
}

/** Makes every host candidate of `pc` use the shared ports instead of ones werift would bind. */
export function useSharedPorts(pc: RTCPeerConnection, ports: SharedPorts): void {
  const missing = missingWeriftInsides(pc);
  if (missing) throw new Error(`werift no longer has ${missing}: the media service cannot share its ports`);
  const manager = (pc as unknown as { secureManager: { createTransport: CreateTransport } }).secureManager;
  const createTransport = manager.createTransport.bind(manager);
  manager.createTransport = (...args) => {
    const transport = createTransport(...args);
    adopt(transport.iceTransport.connection as unknown as IceConnectionInsides, ports);
    return transport;
  };
}

function adopt(connection: IceConnectionInsides, { udp, tcp }: SharedPorts): void {
  if (typeof connection.ensureProtocol !== 'function' || typeof connection.restart !== 'function') {
    throw new Error('werift no longer has Connection#ensureProtocol and #restart: the media service cannot share its ports');
  }
  let agent: MuxAgent | undefined;
  /** The first passive TCP protocol takes the agent's connections (each has one per host address, all on the one port). */
  let tcpAgent: TcpMuxAgent | undefined;
  const credentials = () => ({ ufrag: connection.localUsername, password: connection.localPassword });
  const ensureProtocol = connection.ensureProtocol.bind(connection);
  connection.ensureProtocol = (protocol) => {
    if (protocol instanceof StunProtocol) {
      const stun = protocol as unknown as StunProtocolInsides;
      stun.connectionMade = async (useIpv4) => {
        if (!useIpv4) throw new Error('the shared UDP socket is IPv4');
        if (!agent || agent.closed) agent = udp.agent(credentials);
        const endpoint = agent.endpoint();
        endpoint.onData = (data, address) => stun.datagramReceived(data, address);
        stun.transport = endpoint;
      };
    } else if (protocol instanceof TcpPassiveProtocol && tcp) {
      const passive = protocol as unknown as TcpPassiveInsides;
      passive.connectionMade = async (localIp) => {
        passive.localIp = localIp;
        tcpAgent ??= tcp.agent(credentials, (socket, remote) => {
          passive.registerSocket(socket, remote);
          socket.resume();
        });
      };
      Object.defineProperty(passive, 'listeningPort', { get: () => tcp.port });
      const close = passive.close.bind(passive);
      passive.close = async () => {
        tcpAgent?.close();
        tcpAgent = undefined;
        await close();
      };
    }
    ensureProtocol(protocol);
  };
  const restart = connection.restart.bind(connection);
  connection.restart = async () => {
    await restart();
    agent?.reindex();
    tcpAgent?.reindex();
  };
}
