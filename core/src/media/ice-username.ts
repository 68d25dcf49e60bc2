// Whose STUN binding request this is, on a port shared by many ICE agents: the local ufrag in its
// USERNAME (`<local ufrag>:<remote ufrag>`) names the agent, and the request counts only when its
// MESSAGE-INTEGRITY is signed with that agent's password (anyone can guess a ufrag).
import { parseMessage } from 'werift';

/** What a shared port reads of an agent's ICE credentials: the local ufrag and password, as they are now. */
export type IceCredentials = () => { ufrag: string; password: string };

/** The agent (found by its local ufrag) that signed the binding request `data`, or undefined. */
export function signedRequestOwner<Agent extends { credentials: IceCredentials }>(data: Buffer, byUfrag: (ufrag: string) => Agent | undefined): Agent | undefined {
  const username = parseMessage(data)?.getAttributeValue('USERNAME');
  if (typeof username !== 'string') return undefined;
  const agent = byUfrag(username.split(':')[0]!);
  if (!agent) return undefined;
  return parseMessage(data, Buffer.from(agent.credentials().password, 'utf8')) ? agent : undefined;
}
