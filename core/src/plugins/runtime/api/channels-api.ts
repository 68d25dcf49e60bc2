// channels.*: read, create, open direct channels and manage members.
import { toWirePluginChannel, toWirePluginChannelMember } from '../plugin-wire.ts';
import type { ApiCall, ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments } from './arguments.ts';
import { isValidId } from '../../../app/ids.ts';
import { callingPlugin, pluginContext } from './plugin-actor.ts';
import { decodeChannelChanges, decodeNewChannel } from '../../../wire/channel.ts';

export function channelsApi(deps: ApiDeps): ApiGroup<'channels'> {
  const { services } = deps;

  /** Who the plugin acts as for memberships and creations: the user it names, else its bot. */
  async function actor(call: ApiCall, named: unknown, name: string): Promise<string> {
    if (named !== undefined && named !== '') {
      if (!isValidId(named)) throw invalidArguments(call.args.method, `${name} must be a 26-character id`);
      return named;
    }
    const bot = await deps.bots.firstOwnedBy(call.manifest.id);
    if (!bot) throw invalidArguments(call.args.method, `${name} is required until the plugin has a bot (bots.ensureBot)`);
    return bot;
  }

  /** Who a membership or channel change is announced as done by: the user the plugin names, else its bot. */
  async function byWhom(call: ApiCall, index: number): Promise<string> {
    const named = call.args.raw(index);
    if (named !== undefined && named !== '') return call.args.id(index, 'byUserId');
    return (await deps.bots.firstOwnedBy(call.manifest.id)) ?? '';
  }

  return {
    async get(call) {
      return toWirePluginChannel(await services.channels.get(callingPlugin(call), call.args.id(0, 'channelId')));
    },
    async getByName(call) {
      const teamId = call.args.id(0, 'teamId');
      return toWirePluginChannel(await services.channels.getByName(callingPlugin(call), teamId, call.args.string(1, 'name', { min: 1, max: 64 }), false));
    },
    async listForUser(call) {
      const teamId = call.args.id(0, 'teamId');
      const userId = call.args.id(1, 'userId');
      const channels = await services.channels.listForUser(callingPlugin(call), userId, teamId, false);
      // The store's list holds the user's direct and group channels too: not the team's.
      return channels.filter((channel) => channel.type === 'O' || channel.type === 'P').map(toWirePluginChannel);
    },
    async create(call) {
      const input = call.args.object(0, 'channel', { maxBytes: 16 * 1024 });
      const creatorId = await actor(call, input.creator_id, 'channel.creator_id');
      const channel = decodeNewChannel(input, call.args.refusal('channel'));
      return toWirePluginChannel(await services.channels.create(callingPlugin(call, creatorId), channel, pluginContext(call.manifest.id)));
    },
    async getDirect(call) {
      const userId = call.args.id(0, 'userId');
      const otherUserId = call.args.id(1, 'otherUserId');
      return toWirePluginChannel(await services.channels.getOrCreateDirect(callingPlugin(call, userId), [userId, otherUserId]));
    },
    async addMember(call) {
      const channelId = call.args.id(0, 'channelId');
      const userId = call.args.id(1, 'userId');
      const [member] = await services.channels.addMembers(callingPlugin(call, await byWhom(call, 2)), channelId, [userId], pluginContext(call.manifest.id));
      return toWirePluginChannelMember(member);
    },
    async getMember(call) {
      return toWirePluginChannelMember(await services.channels.getMember(callingPlugin(call), call.args.id(0, 'channelId'), call.args.id(1, 'userId')));
    },
    async removeMember(call) {
      const channelId = call.args.id(0, 'channelId');
      const userId = call.args.id(1, 'userId');
      await services.channels.removeMember(callingPlugin(call, await byWhom(call, 2)), channelId, userId, pluginContext(call.manifest.id));
      return null;
    },
    async patch(call) {
      const channelId = call.args.id(0, 'channelId');
      const input = call.args.object(1, 'patch', { maxBytes: 8 * 1024 });
      // A plugin changes the display name, header and purpose; the name stays the channel's.
      const { name: _name, ...changes } = decodeChannelChanges(input, { channelId, patch: true }, call.args.refusal('patch'));
      return toWirePluginChannel(await services.channels.patch(callingPlugin(call, await byWhom(call, 2)), channelId, changes, pluginContext(call.manifest.id)));
    },
    async getMembers(call) {
      const channelId = call.args.id(0, 'channelId');
      const { offset, limit } = call.args.paging(1);
      return (await services.channels.listMembers(callingPlugin(call), channelId, offset, limit)).map(toWirePluginChannelMember);
    },
  };
}
