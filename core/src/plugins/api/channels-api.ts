// channels.*: read, create, open direct channels and manage members.
import { toWirePluginChannel, toWirePluginChannelMember } from '../plugin-wire.ts';
import type { ApiCall, ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments } from './arguments.ts';
import { isValidId } from '../../app/ids.ts';
import { pluginContext } from './plugin-actor.ts';

export function channelsApi(deps: ApiDeps): ApiGroup {
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
      return toWirePluginChannel(await services.channels.get(call.args.id(0, 'channelId')));
    },
    async getByName(call) {
      const teamId = call.args.id(0, 'teamId');
      return toWirePluginChannel(await services.channels.getByName(teamId, call.args.string(1, 'name', { min: 1, max: 64 }), false));
    },
    async create(call) {
      const input = call.args.object(0, 'channel', { maxBytes: 16 * 1024 });
      const creatorId = await actor(call, input.creator_id, 'channel.creator_id');
      return toWirePluginChannel(await services.channels.create(input, creatorId, pluginContext(call.manifest.id)));
    },
    async getDirect(call) {
      const userId = call.args.id(0, 'userId');
      const otherUserId = call.args.id(1, 'otherUserId');
      return toWirePluginChannel(await services.channels.getOrCreateDirect([userId, otherUserId], userId));
    },
    async addMember(call) {
      const channel = await services.channels.get(call.args.id(0, 'channelId'));
      const userId = call.args.id(1, 'userId');
      return toWirePluginChannelMember(await services.channels.addMember(channel, userId, await byWhom(call, 2), pluginContext(call.manifest.id)));
    },
    async getMember(call) {
      return toWirePluginChannelMember(await services.channels.getMember(call.args.id(0, 'channelId'), call.args.id(1, 'userId')));
    },
    async removeMember(call) {
      const channel = await services.channels.get(call.args.id(0, 'channelId'));
      const userId = call.args.id(1, 'userId');
      await services.channels.removeMember(channel, userId, await byWhom(call, 2), pluginContext(call.manifest.id));
      return null;
    },
    async patch(call) {
      const channel = await services.channels.get(call.args.id(0, 'channelId'));
      const input = call.args.object(1, 'patch', { maxBytes: 8 * 1024 });
      const patch: Record<string, unknown> = {};
      for (const field of ['display_name', 'header', 'purpose']) if (input[field] !== undefined) patch[field] = input[field];
      return toWirePluginChannel(await services.channels.patch(channel, patch, await byWhom(call, 2), pluginContext(call.manifest.id)));
    },
    async getMembers(call) {
      const channelId = call.args.id(0, 'channelId');
      const { offset, limit } = call.args.paging(1);
      await services.channels.get(channelId);
      return (await services.channels.listMembers(channelId, offset, limit)).map(toWirePluginChannelMember);
    },
  };
}
