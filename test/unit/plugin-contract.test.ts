// The plugin contract is written once, in plugin-api (the Hooks and PluginAPI interfaces with their
// JSDoc, HOOK_NAMES): the compiler holds the core's API groups and hook names to it, and these tests
// hold what the compiler cannot: the README's tables, and the hooks the core actually calls.
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { HOOK_NAMES, type Manifest } from '@parley/plugin-api';
import { METHOD_PERMISSIONS, PERMISSION_GROUPS } from '@parley/plugin-api/manifest';
import type { PluginProcess } from '@parley/sandbox';
import { API_METHODS } from '../../sandbox/src/api-methods.ts';
import { loadConfig } from '../../core/src/config/load-config.ts';
import { ConfigService } from '../../core/src/config/config-service.ts';
import { silentLogger } from '../../core/src/logger.ts';
import { HookDispatcher } from '../../core/src/plugins/runtime/hook-dispatcher.ts';
import { PluginSupervisor } from '../../core/src/plugins/runtime/plugin-supervisor.ts';
import type { InstalledPlugin } from '../../core/src/plugins/runtime/installed-plugins.ts';
import { Post } from '../../core/src/store/entities/post.ts';
import { User } from '../../core/src/store/entities/user.ts';
import { FileInfo } from '../../core/src/store/entities/file-info.ts';
import { Channel } from '../../core/src/store/entities/channel.ts';
import { ChannelMember } from '../../core/src/store/entities/channel-member.ts';
import { TeamMember } from '../../core/src/store/entities/team-member.ts';
import { Reaction } from '../../core/src/store/entities/reaction.ts';
import { README, readPluginApiReference, withGeneratedTables } from '../../scripts/plugin-api-docs.ts';
import { FakePlugins, fakeManifest } from '../helpers/fake-plugins.ts';

const ID = 'u'.repeat(26);
const tick = () => new Promise((resolve) => setImmediate(resolve));

function testConfig(): ConfigService {
  return new ConfigService(loadConfig({ MM_DATA_DIR: '/nonexistent-parley-test-dir' }), { persist: false });
}

describe('the plugin contract', () => {
  describe('plugin-api/README.md', () => {
    it('has the hook and API tables the JSDoc of hooks.ts and api.ts generates', async () => {
      const readme = await readFile(README, 'utf8');
      const generated = withGeneratedTables(readme, await readPluginApiReference());
      expect(generated === readme, 'the README tables differ from the JSDoc: run node scripts/plugin-api-docs.ts').to.equal(true);
    });

    it('documents every hook of HOOK_NAMES, in its order, with @kind, @budget, @failure and @since', async () => {
      const { hooks } = await readPluginApiReference();
      expect(hooks.map((hook) => hook.name)).to.deep.equal([...HOOK_NAMES]);
      for (const hook of hooks) expect([hook.kind, hook.budget, hook.failure, hook.since], hook.name).to.not.include('');
    });

    it('documents every API group a manifest can ask for and every method the sandbox offers, each under its group\'s @permission or its own', async () => {
      const { groups } = await readPluginApiReference();
      expect(groups.map((group) => group.name)).to.deep.equal([...PERMISSION_GROUPS]);
      const methods = groups.flatMap((group) => group.methods.map((method) => `${group.name}.${method.name}`));
      const ownPermissions = groups.flatMap((group) => group.methods.filter((method) => method.permission !== group.name).map((method) => method.permission));
      expect(ownPermissions).to.deep.equal([...METHOD_PERMISSIONS]);
      // store.transaction is composed in the sandbox (LocalApiMethod), documented like the others.
      expect(methods.sort()).to.deep.equal([...API_METHODS, 'store.transaction'].sort());
    });
  });

  describe('hooks the core calls', () => {
    it('calls plugins by the names of HOOK_NAMES only, and calls every one of them', async () => {
      const called = new Set<string>();
      const config = testConfig();
      config.patch({ PluginSettings: { HookTimeoutMs: 4000, BlockingHookTimeoutMs: 1000 } });

      // The supervisor's lifecycle hooks, through a process that answers every hook.
      const manifest: Manifest = { ...fakeManifest('com.example.everything'), server: { executable: 'server/plugin.js' } };
      const installed: InstalledPlugin = { manifest, path: '/nonexistent', origin: 'admin' };
      const process: PluginProcess = {
        pluginId: manifest.id,
        hooks: new Set(HOOK_NAMES),
        call: async (hook) => void called.add(hook),
        ping: async () => {},
        stop: async () => {},
        onExit: () => {},
      };
      const supervisor = new PluginSupervisor({
        config,
        logger: silentLogger(),
        installed: { get: (id) => (id === manifest.id ? installed : undefined), list: () => [installed], serverCode: async () => '' },
        apiHost: { handle: async () => null },
        startProcess: async () => process,
      });
      config.patch({ PluginSettings: { PluginStates: { [manifest.id]: { Enable: true } } } });
      await supervisor.sync(manifest.id);
      config.patch({ PluginSettings: { PluginStates: { [manifest.id]: { Enable: false } } } });
      await supervisor.sync(manifest.id);
      await supervisor.close();

      // Every other hook, through the dispatcher, with one plugin implementing all of them.
      const plugins = new FakePlugins();
      plugins.add(fakeManifest('com.example.everything'), Object.fromEntries(HOOK_NAMES.map((hook) => [hook, () => void called.add(hook)])));
      const dispatcher = new HookDispatcher({ plugins, config, logger: silentLogger() });
      const post = Object.assign(new Post(), { id: ID, userId: ID, channelId: ID, rootId: '', message: 'hi', type: '', props: {}, fileIds: [], createAt: 1, updateAt: 1, editAt: 0, deleteAt: 0 });
      const user = Object.assign(new User(), { id: ID, username: 'ada', email: 'ada@example.com', timezone: {}, props: {}, notifyProps: {} });
      const file = Object.assign(new FileInfo(), { id: ID, creatorId: ID, channelId: ID, postId: '', name: 'a.txt', extension: 'txt', size: 1, mimeType: 'text/plain' });
      const channel = Object.assign(new Channel(), { id: ID, teamId: ID, name: 'town', displayName: 'Town', type: 'O' });
      const channelMember = Object.assign(new ChannelMember(), { channelId: ID, userId: ID, roles: '', notifyProps: {} });
      const teamMember = Object.assign(new TeamMember(), { teamId: ID, userId: ID, roles: '' });
      const reaction = Object.assign(new Reaction(), { userId: ID, postId: ID, emojiName: 'smile', createAt: 1 });
      await dispatcher.messageWillBePosted({}, post);
      await dispatcher.messageWillBeUpdated({}, post, post);
      await dispatcher.fileWillBeUploaded({}, file);
      await dispatcher.userWillLogIn({}, user);
      dispatcher.messageHasBeenPosted({}, post);
      dispatcher.messageHasBeenUpdated({}, post, post);
      dispatcher.messageHasBeenDeleted({}, post);
      dispatcher.channelHasBeenCreated({}, channel);
      dispatcher.userHasJoinedChannel({}, channelMember, user);
      dispatcher.userHasLeftChannel({}, channelMember, null);
      dispatcher.userHasJoinedTeam({}, teamMember, user);
      dispatcher.userHasLeftTeam({}, teamMember, null);
      dispatcher.userHasBeenCreated({}, user);
      dispatcher.userHasLoggedIn({}, user);
      dispatcher.reactionHasBeenAdded({}, reaction);
      dispatcher.reactionHasBeenRemoved({}, reaction);
      await dispatcher.executeCommand(manifest.id, {}, { command: '/x' } as never);
      await dispatcher.serveHttp(manifest.id, {}, { path: '/' } as never);
      dispatcher.webSocketConnected(ID, ID);
      dispatcher.webSocketDisconnected(ID, ID);
      dispatcher.webSocketMessage(ID, ID, { seq: 1, action: 'custom_x', data: {} });
      dispatcher.pluginClusterEvent(manifest.id, { id: 'e', data: '' });
      await dispatcher.mediaSignal(manifest.id, { call_id: 'c', session_id: 's', data: '{}' });
      await dispatcher.mediaVoice(manifest.id, { call_id: 'c', session_id: 's', speaking: true });
      await dispatcher.mediaServiceRestarted(manifest.id);
      dispatcher.installed(manifest.id, ID);
      await dispatcher.runScheduledJob(plugins.get(manifest.id)!, { key: 'k', data: null, scheduledAt: 1 });
      await tick();

      expect([...called].sort()).to.deep.equal([...HOOK_NAMES].sort());
      expect(plugins.failures).to.deep.equal([]);
    });
  });
});
