// Where the shared UDP socket (udp-mux.ts) goes into werift, which has no option for it: werift
// (0.25) gives each host candidate a StunProtocol whose `connectionMade` binds a UdpTransport of its
// own, one socket (one port) per peer connection. For one peer connection at a time, and without
// touching werift's modules or prototypes, this replaces exactly that step:
//
// 1. `pc.secureManager.createTransport` (private) makes each ICE transport; it is wrapped on this
//    peer connection's manager to reach the new transport's ICE `Connection`.
// 2. That Connection's `ensureProtocol` (private) is called with each protocol just before its
//    `connectionMade`; wrapped, it swaps the `connectionMade` of a StunProtocol (a UDP host
//    candidate; TCP and TURN protocols are left alone) for one that hands the protocol an endpoint of
//    the shared socket as its `transport` and routes that endpoint's datagrams to the protocol's own
//    `datagramReceived` — what werift's version does with the socket it binds. The host candidate
//    then names the shared port (`getExtraInfo` reads `transport.address`).
// 3. The Connection's `restart` (an ICE restart makes a new ufrag) is followed by filing the agent
//    under its new ufrag.
// werift-udp-mux.test.ts fails if any of these insides is gone or changed shape.
import { RTCPeerConnection, StunProtocol, type RTCDtlsTransport } from 'werift';
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

type CreateTransport = (...args: unknown[]) => RTCDtlsTransport;

/** Says which of werift's insides the seam needs is missing, or nothing when all are there. */
export function missingWeriftInsides(pc: RTCPeerConnection): string | undefined {
  const manager = (pc as unknown as { secureManager?: { createTransport?: unknown } }).secureManager;
  if (typeof manager?.createTransport !== 'function') return 'RTCPeerConnection.secureManager.createTransport';
  const stun = new StunProtocol() as unknown as Partial<StunProtocolInsides>;
  if (!Object.hasOwn(stun, 'connectionMade') || typeof stun.connectionMade !== 'function') return 'StunProtocol#connectionMade (an own property)';
  if (typeof stun.datagramReceived !== 'function') return 'StunProtocol#datagramReceived';
  if (!Object.hasOwn(stun, 'transport')) return 'StunProtocol#transport';
  return undefined;
}

/** Makes every UDP host candidate of `pc` use `mux`'s socket instead of one werift would bind. */
export function useUdpMux(pc: RTCPeerConnection, mux: UdpMux): void {
  const missing = missingWeriftInsides(pc);
  if (missing) throw new Error(`werift no longer has ${missing}: the media service cannot share its UDP socket`);
  const manager = (pc as unknown as { secureManager: { createTransport: CreateTransport } }).secureManager;
  const createTransport = manager.createTransport.bind(manager);
  manager.createTransport = (...args) => {
    const transport = createTransport(...args);
    adopt(transport.iceTransport.connection as unknown as IceConnectionInsides, mux);
    return transport;
  };
}

function adopt(connection: IceConnectionInsides, mux: UdpMux): void {
  if (typeof connection.ensureProtocol !== 'function' || typeof connection.restart !== 'function') {
    throw new Error('werift no longer has Connection#ensureProtocol and #restart: the media service cannot share its UDP socket');
  }
  let agent: MuxAgent | undefined;
  const credentials = () => ({ ufrag: connection.localUsername, password: connection.localPassword });
  const ensureProtocol = connection.ensureProtocol.bind(connection);
  connection.ensureProtocol = (protocol) => {
    if (protocol instanceof StunProtocol) {
      const stun = protocol as unknown as StunProtocolInsides;
      stun.connectionMade = async (useIpv4) => {
        if (!useIpv4) throw new Error('the shared UDP socket is IPv4');
        if (!agent || agent.closed) agent = mux.agent(credentials);
        const endpoint = agent.endpoint();
        endpoint.onData = (data, address) => stun.datagramReceived(data, address);
        stun.transport = endpoint;
      };
    }
    ensureProtocol(protocol);
  };
  const restart = connection.restart.bind(connection);
  connection.restart = async () => {
    await restart();
    agent?.reindex();
  };
}
