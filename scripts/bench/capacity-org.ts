// The organisation the capacity benchmark simulates, as the load generator knows it: users with
// their sessions, teams, channels with their members and latest posts. It is sized for the largest
// step of the ramp; a step brings its first N users online. Planned here with a seeded random
// source (so every run has the same shape), written to the database by capacity-bulk-load.ts, and
// kept up to date by the simulated users as they post, join and open channels.
import { newId } from '../../core/src/app/ids.ts';
import { newToken } from '../../core/src/app/session-service.ts';
import { Random } from './capacity-random.ts';
import { sentence } from './capacity-text.ts';

export const TEAMS = 2;
/** Every team member is in the defaults, as in Mattermost. */
export const DEFAULT_CHANNELS = ['town-square', 'off-topic'];
/** One public channel per this many team members (at least MIN_PUBLIC), one private per PRIVATE_EVERY public ones. */
const MEMBERS_PER_PUBLIC_CHANNEL = 25;
const MIN_PUBLIC = 4;
const PRIVATE_EVERY = 8;
/** Each user's channels besides the defaults: public ones joined, private ones invited to. */
const PUBLIC_JOINED = 8;
const PRIVATE_JOINED = 1;
/** Direct messages each user opened with teammates (so about twice as many per user). */
const DMS_OPENED = 3;
/** Posts written at load time, over the week before the run. */
export const SEED_POSTS_PER_CHANNEL = 30;
export const SEED_POSTS_PER_DM = 5;
const SEED_REPLY_SHARE = 0.18;
/** Posts per channel the generator remembers (the web app shows about 60). */
const RECENT_POSTS = 60;

export type ChannelType = 'O' | 'P' | 'D' | 'G';

export interface PostRef {
  id: string;
  author: number;
  rootId: string;
  createAt: number;
  /** The user its message @-mentions, or -1. */
  mention: number;
  /** Its priority asks readers to acknowledge it (load-test-ng's CreateAckPost). */
  ackRequested?: boolean;
}

/** A post some message links to, and the channel it is in. */
export interface Permalink {
  postId: string;
  channel: number;
}

export interface OrgUser {
  index: number;
  id: string;
  username: string;
  token: string;
  team: number;
  /** The team channels it is a member of (indices into Org.channels). */
  channels: number[];
  /** Its direct and group messages. */
  personal: number[];
  /** Users whose profile (bit set) and status it has fetched, by user index: the web app's store. */
  knownProfiles: Uint8Array;
  knownStatuses: Uint8Array;
}

export interface OrgChannel {
  index: number;
  id: string;
  name: string;
  /** -1 for direct and group messages. */
  team: number;
  type: ChannelType;
  members: number[];
  /** The latest posts, oldest first. */
  posts: PostRef[];
  /** What a recent message here links to: what ClickPermalink follows. */
  permalink: Permalink | null;
}

export interface OrgTeam {
  index: number;
  id: string;
  name: string;
  /** Its public and private channels, the defaults first. */
  channels: number[];
}

export class Org {
  readonly users: OrgUser[] = [];
  readonly teams: OrgTeam[] = [];
  readonly channels: OrgChannel[] = [];
  readonly #userIndex = new Map<string, number>();

  addUser(user: OrgUser): void {
    this.#userIndex.set(user.id, user.index);
    this.users.push(user);
  }

  userIndex(id: string): number | undefined {
    return this.#userIndex.get(id);
  }

  addChannel(fields: Omit<OrgChannel, 'index' | 'posts' | 'permalink'>): OrgChannel {
    const channel: OrgChannel = { ...fields, index: this.channels.length, posts: [], permalink: null };
    this.channels.push(channel);
    for (const member of channel.members) this.#listFor(channel, this.users[member]).push(channel.index);
    if (channel.team >= 0) this.teams[channel.team].channels.push(channel.index);
    return channel;
  }

  /** Records that `user` joined `channel` (a no-op when it already is a member). */
  join(channel: OrgChannel, user: OrgUser): void {
    if (channel.members.includes(user.index)) return;
    channel.members.push(user.index);
    this.#listFor(channel, user).push(channel.index);
  }

  addPost(channel: OrgChannel, post: PostRef): void {
    channel.posts.push(post);
    if (channel.posts.length > RECENT_POSTS) channel.posts.shift();
  }

  /** Forgets a deleted post, and its replies, which the server deletes with it. */
  removePost(channel: OrgChannel, postId: string): void {
    const gone = new Set(channel.posts.filter((p) => p.id === postId || p.rootId === postId).map((p) => p.id));
    channel.posts = channel.posts.filter((p) => !gone.has(p.id));
    for (const c of this.channels) if (c.permalink && gone.has(c.permalink.postId)) c.permalink = null;
  }

  channelById(id: string): OrgChannel | undefined {
    return this.channels.find((c) => c.id === id);
  }

  /** The DM between two users when the organisation has it. */
  directBetween(a: OrgUser, b: OrgUser): OrgChannel | undefined {
    return a.personal.map((i) => this.channels[i]).find((c) => c.type === 'D' && c.members.includes(b.index));
  }

  #listFor(channel: OrgChannel, user: OrgUser): number[] {
    return channel.team >= 0 ? user.channels : user.personal;
  }
}

export function hasBit(bits: Uint8Array, index: number): boolean {
  return (bits[index >> 3] & (1 << (index & 7))) !== 0;
}

export function setBit(bits: Uint8Array, index: number): void {
  bits[index >> 3] |= 1 << (index & 7);
}

/** The planned seed posts, written by the bulk load and then known to the generator. */
export interface SeedPost extends PostRef {
  channel: number;
  message: string;
}

/**
 * Plans the organisation for `userCount` users: ids, tokens, teams, channels (team channels get
 * their ids when the loader creates them through the API), memberships, DMs and seed posts.
 */
export function planOrg(userCount: number, seed = 12): { org: Org; seedPosts: SeedPost[] } {
  const rng = new Random(seed);
  const org = new Org();
  const bitBytes = Math.ceil(userCount / 8);
  for (let t = 0; t < TEAMS; t++) org.teams.push({ index: t, id: '', name: `capacity-${t}`, channels: [] });
  for (let i = 0; i < userCount; i++) {
    org.addUser({
      index: i,
      id: newId(),
      username: `user${i}`,
      token: newToken(),
      team: i % TEAMS,
      channels: [],
      personal: [],
      knownProfiles: new Uint8Array(bitBytes),
      knownStatuses: new Uint8Array(bitBytes),
    });
  }
  for (const team of org.teams) {
    const members = org.users.filter((u) => u.team === team.index).map((u) => u.index);
    const publicCount = Math.max(MIN_PUBLIC, Math.ceil(members.length / MEMBERS_PER_PUBLIC_CHANNEL));
    const privateCount = Math.max(1, Math.ceil(publicCount / PRIVATE_EVERY));
    for (const name of DEFAULT_CHANNELS) org.addChannel({ id: '', name, team: team.index, type: 'O', members: [...members] });
    const publics = Array.from({ length: publicCount }, (_, i) => org.addChannel({ id: '', name: `public-${i}`, team: team.index, type: 'O', members: [] }));
    const privates = Array.from({ length: privateCount }, (_, i) => org.addChannel({ id: '', name: `private-${i}`, team: team.index, type: 'P', members: [] }));
    for (const member of members) {
      const user = org.users[member];
      for (const channel of rng.sample(publics, PUBLIC_JOINED)) org.join(channel, user);
      for (const channel of rng.sample(privates, PRIVATE_JOINED)) org.join(channel, user);
    }
    for (const member of members) {
      const user = org.users[member];
      for (const other of rng.sample(members.filter((m) => m !== member), DMS_OPENED)) {
        const peer = org.users[other];
        if (org.directBetween(user, peer)) continue;
        const [a, b] = [user.id, peer.id].sort();
        org.addChannel({ id: newId(), name: `${a}__${b}`, team: -1, type: 'D', members: [member, other] });
      }
    }
  }
  const seedPosts: SeedPost[] = [];
  const now = Date.now();
  const weekMs = 7 * 86_400_000;
  for (const channel of org.channels) {
    if (channel.members.length === 0) continue;
    const count = channel.team >= 0 ? SEED_POSTS_PER_CHANNEL : SEED_POSTS_PER_DM;
    const roots: string[] = [];
    for (let i = 0; i < count; i++) {
      const isReply = roots.length > 0 && rng.chance(SEED_REPLY_SHARE);
      const post: SeedPost = {
        id: newId(),
        author: rng.pick(channel.members),
        rootId: isReply ? rng.pick(roots) : '',
        createAt: now - weekMs + Math.floor(((i + rng.next()) * weekMs) / count),
        channel: channel.index,
        message: sentence(rng, isReply),
        mention: -1,
      };
      if (!isReply) roots.push(post.id);
      seedPosts.push(post);
      org.addPost(channel, post);
    }
  }
  return { org, seedPosts };
}
