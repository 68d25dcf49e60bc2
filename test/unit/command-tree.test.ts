// commandTree's autocomplete tree: a word that is a subcommand of its own and also leads to others
// (`/jira subscribe`, `/jira subscribe list`) is one node, in either order of declaration.
import { expect } from 'chai';
import { commandTree, ephemeral, type PluginAPI, type Subcommand } from '@parley/plugin-api';

const SPEC = { trigger: 'tool', display_name: 'Tool', description: 'A tool', helpTitle: 'Tool commands' };
const sub = (name: string, adminOnly = false): Subcommand => ({ name, help: `help of ${name}`, adminOnly, run: () => ephemeral(name) });

function tree(subcommands: Subcommand[]) {
  return commandTree({} as PluginAPI, SPEC, subcommands).command.autocomplete_data!.SubCommands!;
}

describe('commandTree autocomplete', () => {
  for (const order of [['subscribe', 'subscribe list'], ['subscribe list', 'subscribe']]) {
    it(`makes one node of a subcommand that leads to others when declared ${order.join(', ')}`, () => {
      const nodes = tree(order.map((name) => sub(name)));
      const subscribe = nodes.filter((node) => node.Trigger === 'subscribe');
      expect(subscribe).to.have.length(1);
      expect(subscribe[0]!.HelpText).to.equal('help of subscribe');
      expect(subscribe[0]!.SubCommands!.map((node) => node.Trigger)).to.deep.equal(['list']);
    });
  }

  it('keeps the node for everyone when only the leading subcommand is admin-only', () => {
    const [node] = tree([sub('webhook', true), sub('webhook log')]);
    expect(node).to.include({ Trigger: 'webhook' });
    expect(node).not.to.have.property('RoleID');
  });
});
