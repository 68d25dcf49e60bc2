// posts.*: create, update, delete and read posts, and send ephemeral posts. Posts a plugin creates
// carry props.from_plugin (unless the plugin is trusted: its posts must look like the Mattermost
// feature it implements) and run through the same pipeline (and other plugins' hooks) as any post.
import { AppError } from '../../../errors/app-error.ts';
import { isValidId } from '../../../app/ids.ts';
import type { EphemeralFields } from '../ephemeral-post.ts';
import { MAX_MESSAGE_RUNES, runeCount } from '../../../app/post-text.ts';
import type { ApiCall, ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments, isPlainObject, type Arguments } from './arguments.ts';
import { callingPlugin, pluginContext } from './plugin-actor.ts';
import type { WindowLimiter } from './window-limiter.ts';
import { decodeNewPost, decodePostChanges, toWirePost } from '../../../wire/post.ts';

/** A post is at most a 16k-rune message plus props: anything bigger is not a post. */
const MAX_POST_BYTES = 256 * 1024;
/** `limiter` bounds the posts per second one plugin creates: enough for bots, not for a storm. */
export function postsApi(deps: ApiDeps, limiter: WindowLimiter): ApiGroup<'posts'> {
  const { services } = deps;

  /** The user the plugin posts as: the one it names, else its bot. */
  async function author(call: ApiCall, post: Record<string, unknown>): Promise<string> {
    const named = post.user_id;
    if (named !== undefined && named !== '') {
      const user = await services.users.get(idField(call.args, named, 'post.user_id'));
      if (user.deleteAt > 0) throw invalidArguments(call.args.method, 'post.user_id is a deactivated user');
      return user.id;
    }
    const bot = await deps.bots.firstOwnedBy(call.manifest.id);
    if (!bot) throw invalidArguments(call.args.method, 'post.user_id is required until the plugin has a bot (bots.ensureBot)');
    return bot;
  }

  return {
    async create(call) {
      const input = call.args.object(0, 'post', { maxBytes: MAX_POST_BYTES });
      const userId = await author(call, input);
      // A trusted plugin carries a core feature (webhooks): its volume is bounded by the requests that drive it.
      if (!call.trusted && !limiter.take(call.manifest.id, Date.now())) {
        throw new AppError('plugin.api.rate_limited', 429, `Plugin ${call.manifest.id} creates posts faster than its budget; slow down.`);
      }
      const post = decodeNewPost(input, call.args.refusal('post'));
      if (!call.trusted) post.props = { ...post.props, from_plugin: 'true' };
      const view = await services.posts.create(callingPlugin(call, userId), post, { ctx: pluginContext(call.manifest.id), setOnline: false });
      return toWirePost(view);
    },

    async update(call) {
      const input = call.args.object(0, 'post', { maxBytes: MAX_POST_BYTES });
      const postId = idField(call.args, input.id, 'post.id');
      // A plugin patches: the fields it names change; files are not a plugin's to attach.
      const { fileIds: _files, ...changes } = decodePostChanges(input, { postId, patch: true }, call.args.refusal('post'));
      const view = await services.posts.update(callingPlugin(call), postId, changes, { ctx: pluginContext(call.manifest.id) });
      return toWirePost(view);
    },

    async delete(call) {
      await services.posts.delete(callingPlugin(call), call.args.id(0, 'postId'), pluginContext(call.manifest.id));
      return null;
    },

    async get(call) {
      return toWirePost(await services.posts.get(callingPlugin(call), call.args.id(0, 'postId')));
    },

    async sendEphemeral(call) {
      const userId = call.args.id(0, 'userId');
      return deps.ephemeral.send(userId, await ephemeralFields(call, deps));
    },

    async updateEphemeral(call) {
      const userId = call.args.id(0, 'userId');
      const fields = await ephemeralFields(call, deps);
      return deps.ephemeral.update(userId, { ...fields, id: idField(call.args, call.args.object(1, 'post').id, 'post.id') });
    },

    async deleteEphemeral(call) {
      deps.ephemeral.delete(call.args.id(0, 'userId'), call.args.id(1, 'postId'));
      return null;
    },
  };
}

/** The ephemeral post a plugin sends (argument 1): marked from_plugin, as the named user or the plugin's bot. */
async function ephemeralFields(call: ApiCall, deps: ApiDeps): Promise<EphemeralFields> {
  const input = call.args.object(1, 'post', { maxBytes: MAX_POST_BYTES });
  const channelId = idField(call.args, input.channel_id, 'post.channel_id');
  const message = typeof input.message === 'string' ? input.message : '';
  if (runeCount(message) > MAX_MESSAGE_RUNES) throw invalidArguments(call.args.method, `post.message must be at most ${MAX_MESSAGE_RUNES} characters`);
  const rootId = input.root_id === undefined || input.root_id === '' ? '' : idField(call.args, input.root_id, 'post.root_id');
  const sender = typeof input.user_id === 'string' && input.user_id !== '' ? idField(call.args, input.user_id, 'post.user_id') : ((await deps.bots.firstOwnedBy(call.manifest.id)) ?? '');
  return { senderId: sender, channelId, rootId, message, props: { ...(isPlainObject(input.props) ? input.props : {}), from_plugin: 'true' } };
}

function idField(args: Arguments, value: unknown, name: string): string {
  if (!isValidId(value)) throw invalidArguments(args.method, `${name} must be a 26-character id`);
  return value;
}
