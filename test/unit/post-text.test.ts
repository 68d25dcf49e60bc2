import { expect } from 'chai';
import { parseHashtags, parseMentions, runeCount } from '../../core/src/app/post-text.ts';

describe('post text', () => {
  it('keeps hashtags that start with a letter and have at least two characters after #', async () => {
    expect(parseHashtags('(#Plan-B) ##dup #x #9lives #über. #end_')).to.equal('#Plan-B #dup #über #end');
  });

  it('truncates the stored hashtags at a word boundary within 1000 characters', async () => {
    const stored = parseHashtags(Array.from({ length: 200 }, (_, i) => `#tag${i}`).join(' '));
    expect(stored.length).to.be.at.most(1000);
    expect(stored.endsWith(' ')).to.equal(false);
    expect(stored.split(' ').every((t) => /^#tag\d+$/.test(t))).to.equal(true);
  });

  it('finds @-mentions, tolerating trailing punctuation and ignoring code and e-mail addresses', async () => {
    const { names, channelWide } = parseMentions('Hi @Alice, ping @bob. mail me@example.com `@carol` ```\n@dave\n```');
    expect(names.has('alice')).to.equal(true);
    expect(names.has('bob')).to.equal(true);
    expect([...names].some((n) => n.startsWith('example') || n === 'carol' || n === 'dave')).to.equal(false);
    expect(channelWide).to.equal(false);
  });

  it('flags @channel, @all and @here as channel-wide', async () => {
    for (const word of ['@channel', '@all!', 'hey @here.']) expect(parseMentions(word).channelWide, word).to.equal(true);
  });

  it('counts characters as code points', async () => {
    expect(runeCount('a😀é')).to.equal(3);
  });
});
