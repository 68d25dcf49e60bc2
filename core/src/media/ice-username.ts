// Whose STUN binding request this is, on a port shared by many ICE agents: the local ufrag in its
// USERNAME (`<local ufrag>:<remote ufrag>`) names the agent, and the request counts only when its
// MESSAGE-INTEGRITY is signed with that agent's password (anyone can guess a ufrag).
import { parseMessage } from 'werift';

/** What a shared port reads of an agent's ICE credentials: the local ufrag and password, as they are now. */
export type IceCredentials = () => { ufrag: string; password: string };

/** An agent on a shared port: its credentials, and the ufrag it is filed under. */
export interface UfragHolder {
  readonly credentials: IceCredentials;
  ufrag: string | undefined;
}

/** A shared port's agents by local ufrag. Two live agents cannot share one: they could not be told apart. */
export class UfragIndex<Agent extends UfragHolder> {
  #agents = new Map<string, Agent>();
  #port: string;

  /** `port` names the shared port in errors ('UDP socket', 'TCP port'). */
  constructor(port: string) {
    this.#port = port;
  }

  get size(): number {
    return this.#agents.size;
  }

  /** Files `agent` under its current ufrag (again, after an ICE restart changed it). */
  file(agent: Agent): void {
    const { ufrag } = agent.credentials();
    const holder = this.#agents.get(ufrag);
    if (holder && holder !== agent) throw new Error(`another ICE agent uses the ufrag ${ufrag} on the shared ${this.#port}`);
    if (agent.ufrag !== undefined && agent.ufrag !== ufrag) this.#agents.delete(agent.ufrag);
    agent.ufrag = ufrag;
    this.#agents.set(ufrag, agent);
  }

  remove(agent: Agent): void {
    if (agent.ufrag !== undefined && this.#agents.get(agent.ufrag) === agent) this.#agents.delete(agent.ufrag);
  }

  values(): Agent[] {
    return [...this.#agents.values()];
  }

  clear(): void {
    this.#agents.clear();
  }

  /** The agent (found by its local ufrag) that signed the binding request `data`, or undefined. */
  signer(data: Buffer): Agent | undefined {
    const username = parseMessage(data)?.getAttributeValue('USERNAME');
    if (typeof username !== 'string') return undefined;
    const agent = this.#agents.get(username.split(':')[0]!);
    if (!agent) return undefined;
    return parseMessage(data, Buffer.from(agent.credentials().password, 'utf8')) ? agent : undefined;
  }
}
