// The web client's shortcut for plain-text messages (core/webapp/src/message/plain-text-tokens.ts)
// against marked's lexer, which it stands in for: wherever it answers, it answers what marked gives.
import { expect } from 'chai';
import { Lexer } from 'marked';
import { plainTextTokens } from '../../core/webapp/src/message/plain-text-tokens.ts';

/** The lexer's tokens as data (its list also carries a `links` property the renderer never reads). */
const lexed = (text: string) => JSON.parse(JSON.stringify(Lexer.lex(text, { gfm: true, breaks: true })));

/** A deterministic pseudo-random sequence (mulberry32), so a failure names a reproducible input. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('plain-text message tokens', () => {
  it('gives the tokens marked gives when a message is plain text on one or several lines', async () => {
    const messages = [
      'ok',
      'long post 7\nwith a second line\nand a third',
      'Sounds good, thanks! See you at 10 (or 11?)',
      "It's \"fine\" - really: a/b; c",
      'Grüße aus Köln, 東京 и Москва 👍',
      '👩‍💻 ship it',
      '2026 was a good year',
      'a  b',
      'ok :) see :smile: later',
    ];
    for (const message of messages) expect(plainTextTokens(message), message).to.deep.equal(lexed(message));
  });

  it('leaves to marked every message where Markdown, an autolink or a blank line may change the tokens', async () => {
    const messages = [
      '',
      '1. first',
      '2) second',
      '- item',
      'a\n---',
      'a\n\nb',
      'trailing space ',
      ' leading space',
      '    indented code',
      'see http://example.com',
      'see www.example.com',
      'mail me at a@example.com',
      'some *stress*',
      'a `code` span',
      '# heading',
      '> quote',
      'a | b',
      '<b>html</b>',
      'fish & chips',
      '[link](x)',
      'line\r\nbreak',
      '~~gone~~',
      'under_score',
    ];
    for (const message of messages) expect(plainTextTokens(message), message).to.equal(undefined);
  });

  it('agrees with marked on thousands of random messages built from plain and Markdown characters', async () => {
    const plainCharacters = [...'abcXYZ019 ,.!?\'"()-:;/\n', 'é', '東', '👍', '\u200d'];
    const markdownCharacters = ['*', '_', '#', '>', '`', '~', '|', '<', '&', '[', ']', '=', '+', '@', '\\', 'www.', 'http://', '  \n', '\n\n', '1. ', '- '];
    const random = randomFrom(14);
    const pick = (from: string[]) => from[Math.floor(random() * from.length)];
    let plain = 0;
    for (let i = 0; i < 3000; i++) {
      const length = 1 + Math.floor(random() * 24);
      let message = '';
      for (let j = 0; j < length; j++) message += pick(random() < 0.97 ? plainCharacters : markdownCharacters);
      const tokens = plainTextTokens(message);
      if (tokens === undefined) continue;
      plain++;
      expect(tokens, JSON.stringify(message)).to.deep.equal(lexed(message));
    }
    // The shortcut must be taken often enough for the comparison to mean something.
    expect(plain).to.be.greaterThan(200);
  });
});
