import { expect } from 'chai';
import type { CommandArgs, PluginAPI, RegisteredCommand } from '@parley/plugin-api';
import { code, me, shrug } from '../src/builtins/text-commands.ts';
import { helpText } from '../src/builtins/help-command.ts';
import type { Builtin } from '../src/builtins/builtin.ts';

const args: CommandArgs = { user_id: 'u', channel_id: 'c', team_id: 't', root_id: '', command: '' };
const run = (builtin: Builtin, message: string) => builtin.run({ api: {} as PluginAPI, args, message, siteUrl: 'https://chat.example.com' });

describe('slash-commands text commands', () => {
  it("answers /me, /shrug and /code in the channel with Mattermost's text", async () => {
    expect(await run(me, 'waves')).to.deep.equal({ response_type: 'in_channel', type: 'me', text: '*waves*' });
    expect(await run(shrug, '')).to.deep.equal({ response_type: 'in_channel', text: '¯\\\\\\_(ツ)\\_/¯' });
    expect(await run(code, 'x\ny')).to.deep.equal({ response_type: 'in_channel', text: '    x\n    y' });
    expect(await run(code, '')).to.deep.equal({ response_type: 'ephemeral', text: 'A message must be provided with the /code command.' });
  });

  it('lists the autocompleted commands in trigger order with their hints, then the help link', async () => {
    const commands = [
      { trigger: 'zeta', auto_complete: true, auto_complete_desc: 'Last', plugin_id: 'p' },
      { trigger: 'alpha', auto_complete: true, auto_complete_hint: '[x]', description: 'First', plugin_id: 'p' },
      { trigger: 'hidden', auto_complete: false, plugin_id: 'p' },
    ] satisfies RegisteredCommand[];
    expect(helpText(commands, 'https://help.example.com')).to.equal(
      ['- `/alpha [x]` - First', '- `/zeta` - Last', '', '[View documentation and guides](https://help.example.com)'].join('\n'),
    );
  });
});
