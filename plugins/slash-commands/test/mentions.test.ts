import { expect } from 'chai';
import { mentionedChannels, mentionedNames } from '../src/custom/mentions.ts';

describe('slash-commands mentions', () => {
  it('finds each mentioned username once, lower-cased, and not inside words or addresses', async () => {
    expect(mentionedNames('ping @Alice and @bob.smith, again @alice; mail a@b.example or @x')).to.deep.equal(['alice', 'bob.smith']);
  });

  it('finds mentioned channel names', async () => {
    expect(mentionedChannels('see ~town-square and ~Off_Topic, not a~b')).to.deep.equal(['town-square', 'off_topic']);
  });
});
