// Handler binding (@parley/plugin-api definePlugin): api.commands.register(command, handler), run in Node.
import { expect } from 'chai';
import { definePlugin, HttpError, type CommandArgs, type PluginAPI } from '@parley/plugin-api';

const TEAM = 'teamteamteamteamteamteamte';

/** An API whose commands group records what reaches the server; `refuse` makes register reject. */
function fakeApi(refuse = new Set<string>()): { api: PluginAPI; sent: unknown[][] } {
  const sent: unknown[][] = [];
  const commands = {
    register: async (...args: unknown[]) => {
      sent.push(['register', ...args]);
      const trigger = (args[0] as { trigger: string }).trigger;
      if (refuse.has(trigger)) throw Object.assign(new Error('taken'), { id: 'plugin.api.commands.trigger_taken' });
    },
    unregister: async (...args: unknown[]) => void sent.push(['unregister', ...args]),
    list: async () => [],
  };
  return { api: { commands } as unknown as PluginAPI, sent };
}

function args(command: string, teamId = TEAM): CommandArgs {
  return { user_id: 'u', channel_id: 'c', team_id: teamId, root_id: '', command };
}

async function rejection(promise: Promise<unknown> | unknown): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  return expect.fail('it did not reject');
}

describe('plugin-api command handlers', () => {
  it('runs the handler bound to a command, and sends the server only the command', async () => {
    const { api, sent } = fakeApi();
    const hooks = definePlugin((api) => ({
      async onActivate() {
        await api.commands.register({ trigger: 'Roll' }, (_ctx, a) => ({ text: `rolled for ${a.user_id}` }));
      },
    }))(api);
    await hooks.onActivate!();
    expect(sent).to.deep.equal([['register', { trigger: 'Roll' }]]);
    expect(await hooks.executeCommand!({}, args('/roll 2d6'))).to.deep.equal({ text: 'rolled for u' });
    expect(await hooks.executeCommand!({}, args('/ROLL'))).to.deep.equal({ text: 'rolled for u' });
  });

  it("prefers the team's own registration, falls back to the plugin's executeCommand, else answers 404", async () => {
    const { api } = fakeApi();
    const hooks = definePlugin((api) => ({
      async onActivate() {
        await api.commands.register({ trigger: 'where' }, () => ({ text: 'every team' }));
        await api.commands.register({ trigger: 'where', team_id: TEAM }, () => ({ text: 'this team' }));
      },
      executeCommand: (_ctx, a) => ({ text: `by hand: ${a.command}` }),
    }))(api);
    await hooks.onActivate!();
    expect(await hooks.executeCommand!({}, args('/where'))).to.deep.equal({ text: 'this team' });
    expect(await hooks.executeCommand!({}, args('/where', 'otherteamotherteamotherte'))).to.deep.equal({ text: 'every team' });
    expect(await hooks.executeCommand!({}, args('/legacy x'))).to.deep.equal({ text: 'by hand: /legacy x' });

    const bare = definePlugin(() => ({}))(api);
    const error = await rejection(bare.executeCommand!({}, args('/missing')));
    expect(error).to.be.instanceOf(HttpError).and.to.include({ status: 404, id: 'api.command.execute_command.not_found.app_error' });
  });

  it('forgets the handler when the command is unregistered or registered again without one, and binds nothing the server refused', async () => {
    const { api, sent } = fakeApi(new Set(['taken']));
    let plugin!: PluginAPI;
    const hooks = definePlugin((given) => {
      plugin = given;
      return {};
    })(api);
    await plugin.commands.register({ trigger: 'once' }, () => ({ text: 'bound' }));
    await plugin.commands.unregister('', 'once');
    expect(sent.at(-1)).to.deep.equal(['unregister', '', 'once']);
    expect(await rejection(hooks.executeCommand!({}, args('/once')))).to.include({ status: 404 });

    await plugin.commands.register({ trigger: 'twice' }, () => ({ text: 'bound' }));
    await plugin.commands.register({ trigger: 'twice' });
    expect(await rejection(hooks.executeCommand!({}, args('/twice')))).to.include({ status: 404 });

    expect(await rejection(plugin.commands.register({ trigger: 'taken' }, () => ({ text: 'never' })))).to.include({ id: 'plugin.api.commands.trigger_taken' });
    expect(await rejection(hooks.executeCommand!({}, args('/taken')))).to.include({ status: 404 });
    expect(await rejection(plugin.commands.register({ trigger: 'odd' }, 'not a function' as never))).to.be.instanceOf(TypeError);
  });

  it('exposes the hooks the plugin implements, called on the object it returned, plus executeCommand', async () => {
    class Counter {
      #count = 0;
      onActivate() {
        this.#count += 1;
      }
      userHasLoggedIn() {
        this.#count += 10;
      }
      get count() {
        return this.#count;
      }
    }
    const counter = new Counter();
    const hooks = definePlugin(() => counter)(fakeApi().api);
    expect(Object.keys(hooks).sort()).to.deep.equal(['executeCommand', 'onActivate', 'userHasLoggedIn']);
    await hooks.onActivate!();
    await hooks.userHasLoggedIn!({}, {} as never);
    expect(counter.count).to.equal(11);

    // A factory that resolves its hooks later (the sandbox waits for it) gets them bound too.
    const later = await (definePlugin((async () => ({ onActivate() {} })) as never)(fakeApi().api) as unknown as Promise<object>);
    expect(Object.keys(later).sort()).to.deep.equal(['executeCommand', 'onActivate']);
  });
});
