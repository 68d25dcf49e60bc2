import { expect } from 'chai';
import { isValidId, newId } from '@parley/plugin-api';

describe('plugin-api ids', () => {
  it("makes 26-character ids of Mattermost's alphabet that do not repeat", async () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newId()));
    expect(ids.size).to.equal(5000);
    for (const id of ids) expect(id, id).to.match(/^[ybndrfg8ejkmcpqxot1uwisza345h769]{26}$/);
  });

  it('uses every letter of the alphabet in every position: each carries 5 random bits', async () => {
    const seen = Array.from({ length: 26 }, () => new Set<string>());
    for (let i = 0; i < 5000; i++) [...newId()].forEach((char, position) => seen[position].add(char));
    expect(seen.map((chars) => chars.size)).to.deep.equal(Array(26).fill(32));
  });

  it('recognises ids by shape only', async () => {
    expect(isValidId(newId())).to.equal(true);
    for (const bad of ['', 'a'.repeat(25), 'A'.repeat(26), 'a'.repeat(27), 26, null]) expect(isValidId(bad), String(bad)).to.equal(false);
  });
});
