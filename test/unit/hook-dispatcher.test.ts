import { expect } from 'chai';
import { loadConfig } from '../../core/src/config/load-config.ts';
import { ConfigService } from '../../core/src/config/config-service.ts';
import { silentLogger } from '../../core/src/logger.ts';
import { HookDispatcher } from '../../core/src/plugins/runtime/hook-dispatcher.ts';
import { Post } from '../../core/src/store/entities/post.ts';
import { User } from '../../core/src/store/entities/user.ts';
import { FileInfo } from '../../core/src/store/entities/file-info.ts';
import { FakePlugins, fakeManifest } from '../helpers/fake-plugins.ts';

function setup() {
  const config = new ConfigService(loadConfig({ MM_DATA_DIR: '/nonexistent-parley-test-dir' }), { persist: false });
  config.patch({ PluginSettings: { BlockingHookTimeoutMs: 250, HookTimeoutMs: 4000 } });
  const plugins = new FakePlugins();
  const dispatcher = new HookDispatcher({ plugins, config, logger: silentLogger() });
  return { plugins, dispatcher };
}

function draft(message = 'hello'): Post {
  return Object.assign(new Post(), {
    id: 'p'.repeat(26),
    createAt: 1,
    updateAt: 1,
    editAt: 0,
    deleteAt: 0,
    isPinned: false,
    userId: 'u'.repeat(26),
    channelId: 'c'.repeat(26),
    rootId: '',
    originalId: '',
    message,
    type: '',
    props: {},
    hashtags: '',
    fileIds: [],
    pendingPostId: '',
    lastReplyAt: 0,
  });
}

type WirePost = { message: string; channel_id: string };
const postArg = (args: unknown[]) => args[1] as WirePost;
const never = () => new Promise(() => {});
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('HookDispatcher', () => {
  it('feeds each plugin the post the previous one returned, in plugin id order', async () => {
    const { plugins, dispatcher } = setup();
    plugins.add(fakeManifest('com.b'), { messageWillBePosted: (args) => ({ post: { ...postArg(args), message: `${postArg(args).message} b` } }) });
    plugins.add(fakeManifest('com.a'), { messageWillBePosted: (args) => ({ post: { ...postArg(args), message: `${postArg(args).message} a` } }) });
    const verdict = await dispatcher.messageWillBePosted({}, draft());
    expect(verdict).to.have.property('post');
    expect((verdict as { post: Post }).post.message).to.equal('hello a b');
    expect(plugins.calls.map((c) => c.pluginId)).to.deep.equal(['com.a', 'com.b']);
  });

  it('hands plugins Mattermost wire shapes (snake_case) with the hook context', async () => {
    const { plugins, dispatcher } = setup();
    plugins.add(fakeManifest('com.a'), { messageWillBePosted: () => undefined });
    await dispatcher.messageWillBePosted({ requestId: 'r1' }, draft());
    const [ctx, post] = plugins.calls[0].args as [Record<string, unknown>, Record<string, unknown>];
    expect(ctx).to.include({ request_id: 'r1' });
    expect(post).to.include({ channel_id: 'c'.repeat(26), user_id: 'u'.repeat(26), message: 'hello' });
  });

  it('stops the chain at the first rejection and names the rejecting plugin', async () => {
    const { plugins, dispatcher } = setup();
    plugins.add(fakeManifest('com.a'), { messageWillBePosted: () => ({ reject: 'no swearing' }) });
    plugins.add(fakeManifest('com.b'), { messageWillBePosted: () => undefined });
    const verdict = await dispatcher.messageWillBePosted({}, draft());
    expect(verdict).to.deep.equal({ rejected: 'no swearing', pluginId: 'com.a' });
    expect(plugins.calls.map((c) => c.pluginId)).to.deep.equal(['com.a']);
  });

  it('fails open on a timed-out plugin: the post passes unchanged, the failure is reported, later plugins still run', async () => {
    const { plugins, dispatcher } = setup();
    plugins.add(fakeManifest('com.a'), {
      messageWillBePosted: async () => {
        throw { id: 'sandbox.hook.timeout', message: 'messageWillBePosted overran 250 ms' };
      },
    });
    plugins.add(fakeManifest('com.b'), { messageWillBePosted: (args) => ({ post: postArg(args) }) });
    const verdict = await dispatcher.messageWillBePosted({}, draft());
    expect((verdict as { post: Post }).post.message).to.equal('hello');
    expect(plugins.calls.map((c) => [c.pluginId, c.timeoutMs])).to.deep.equal([
      ['com.a', 250],
      ['com.b', 250],
    ]);
    expect(plugins.failures).to.deep.equal([{ pluginId: 'com.a', error: { id: 'sandbox.hook.timeout', message: 'messageWillBePosted overran 250 ms' } }]);
  });

  it('stops waiting for a plugin whose sandbox never answers, shortly after the deadline', async () => {
    const { plugins, dispatcher } = setup();
    plugins.add(fakeManifest('com.a'), { messageWillBePosted: never });
    const started = Date.now();
    const verdict = await dispatcher.messageWillBePosted({}, draft());
    expect(Date.now() - started).to.be.within(250, 2500);
    expect((verdict as { post: Post }).post.message).to.equal('hello');
    expect(plugins.failures.map((f) => f.error.id)).to.deep.equal(['sandbox.hook.timeout']);
  });

  it('fails open without reporting when the plugin code merely throws', async () => {
    const { plugins, dispatcher } = setup();
    plugins.add(fakeManifest('com.a'), {
      messageWillBePosted: async () => {
        throw { id: 'sandbox.plugin.error', message: 'TypeError: x is undefined' };
      },
    });
    const verdict = await dispatcher.messageWillBePosted({}, draft());
    expect((verdict as { post: Post }).post.message).to.equal('hello');
    expect(plugins.failures).to.deep.equal([]);
  });

  it('keeps the post unchanged when a plugin returns something that is not a post', async () => {
    const { plugins, dispatcher } = setup();
    plugins.add(fakeManifest('com.a'), { messageWillBePosted: () => ({ post: { message: 42 } }) });
    plugins.add(fakeManifest('com.b'), { messageWillBePosted: () => ({ post: { message: 'x', type: 'system_join_channel' } }) });
    const verdict = await dispatcher.messageWillBePosted({}, draft());
    expect((verdict as { post: Post }).post.message).to.equal('hello');
  });

  it('lets a plugin change the message and props but never the author, channel or id', async () => {
    const { plugins, dispatcher } = setup();
    plugins.add(fakeManifest('com.a'), {
      messageWillBePosted: (args) => ({ post: { ...postArg(args), message: 'changed', props: { tag: 1 }, user_id: 'x'.repeat(26), channel_id: 'y'.repeat(26), id: 'z'.repeat(26) } }),
    });
    const { post } = (await dispatcher.messageWillBePosted({}, draft())) as { post: Post };
    expect(post).to.include({ message: 'changed', userId: 'u'.repeat(26), channelId: 'c'.repeat(26), id: 'p'.repeat(26) });
    expect(post.props).to.deep.equal({ tag: 1 });
  });

  it('passes both the new and the previous post to messageWillBeUpdated', async () => {
    const { plugins, dispatcher } = setup();
    plugins.add(fakeManifest('com.a'), { messageWillBeUpdated: (args) => ({ post: { ...postArg(args), message: `${(args[2] as WirePost).message} -> ${postArg(args).message}` } }) });
    const { post } = (await dispatcher.messageWillBeUpdated({}, draft('new'), draft('old'))) as { post: Post };
    expect(post.message).to.equal('old -> new');
  });

  it('lets fileWillBeUploaded rename a file (and nothing else), reject it, or fail open', async () => {
    const { plugins, dispatcher } = setup();
    const file = Object.assign(new FileInfo(), { id: 'f'.repeat(26), creatorId: 'u'.repeat(26), channelId: 'c'.repeat(26), postId: '', name: 'report.txt', extension: 'txt', size: 12, mimeType: 'text/plain' });
    type WireFile = { name: string; size: number };
    plugins.add(fakeManifest('com.a'), { fileWillBeUploaded: (args) => ({ file: { ...(args[1] as WireFile), name: `a-${(args[1] as WireFile).name}`, size: 1, channel_id: 'x'.repeat(26) } }) });
    plugins.add(fakeManifest('com.b'), {
      fileWillBeUploaded: async () => {
        throw { id: 'sandbox.hook.timeout', message: 'fileWillBeUploaded overran 250 ms' };
      },
    });
    plugins.add(fakeManifest('com.c'), { fileWillBeUploaded: (args) => ({ file: { name: `c/../${(args[1] as WireFile).name}` } }) });
    const { file: renamed } = (await dispatcher.fileWillBeUploaded({}, file)) as { file: FileInfo };
    expect(renamed).to.include({ name: 'a-report.txt', size: 12, channelId: 'c'.repeat(26), id: 'f'.repeat(26) });
    expect(plugins.failures.map((f) => f.pluginId)).to.deep.equal(['com.b']);
    plugins.add(fakeManifest('com.d'), { fileWillBeUploaded: (args) => ({ reject: `no ${(args[1] as WireFile).name}` }) });
    expect(await dispatcher.fileWillBeUploaded({}, file)).to.deep.equal({ rejected: 'no a-report.txt', pluginId: 'com.d' });
  });

  it('rejects a login with the first non-empty reason and fails open on errors', async () => {
    const { plugins, dispatcher } = setup();
    const user = Object.assign(new User(), { id: 'u'.repeat(26), username: 'ada', email: 'ada@example.com', timezone: {}, props: {}, notifyProps: {} });
    plugins.add(fakeManifest('com.a'), {
      userWillLogIn: async () => {
        throw { id: 'sandbox.plugin.crashed', message: 'gone' };
      },
    });
    expect(await dispatcher.userWillLogIn({}, user)).to.equal('');
    plugins.add(fakeManifest('com.b'), { userWillLogIn: () => 'locked out' });
    expect(await dispatcher.userWillLogIn({}, user)).to.equal('locked out');
    expect((plugins.calls[0].args[1] as { password_hash?: unknown; username: string }).username).to.equal('ada');
    expect(plugins.calls[0].args[1]).to.not.have.property('password_hash');
  });

  it('fires "has been" hooks without waiting for them and reports their failures later', async () => {
    const { plugins, dispatcher } = setup();
    plugins.add(fakeManifest('com.a'), { messageHasBeenPosted: never });
    plugins.add(fakeManifest('com.b'), {
      messageHasBeenPosted: async () => {
        throw { id: 'sandbox.plugin.memory_limit', message: 'out of memory' };
      },
    });
    const returned = dispatcher.messageHasBeenPosted({}, draft());
    expect(returned).to.equal(undefined);
    expect(plugins.calls.map((c) => [c.pluginId, c.timeoutMs])).to.deep.equal([
      ['com.a', 4000],
      ['com.b', 4000],
    ]);
    await tick();
    expect(plugins.failures.map((f) => f.error.id)).to.deep.equal(['sandbox.plugin.memory_limit']);
  });

  it('does not show a plugin the changes its own API calls made', async () => {
    const { plugins, dispatcher } = setup();
    plugins.add(fakeManifest('com.a'), { messageHasBeenPosted: () => undefined, messageWillBePosted: () => ({ reject: 'loop' }) });
    plugins.add(fakeManifest('com.b'), { messageHasBeenPosted: () => undefined });
    dispatcher.messageHasBeenPosted({ pluginId: 'com.a' }, draft());
    const verdict = await dispatcher.messageWillBePosted({ pluginId: 'com.a' }, draft());
    expect(verdict).to.have.property('post');
    expect(plugins.calls.map((c) => c.pluginId)).to.deep.equal(['com.b']);
  });

  it('turns a failing executeCommand into a 500 naming the plugin and reports the failure', async () => {
    const { plugins, dispatcher } = setup();
    plugins.add(fakeManifest('com.a'), {
      executeCommand: async () => {
        throw { id: 'sandbox.hook.timeout', message: 'too slow' };
      },
    });
    const args = { user_id: 'u'.repeat(26), channel_id: 'c'.repeat(26), team_id: '', root_id: '', command: '/x' };
    const err = await dispatcher.executeCommand('com.a', {}, args).catch((e: unknown) => e);
    expect(err).to.include({ id: 'plugin.command.execute_failed', status: 500 });
    expect(plugins.failures.map((f) => f.pluginId)).to.deep.equal(['com.a']);
  });
});
