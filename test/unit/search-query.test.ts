import { expect } from 'chai';
import { isEmptyQuery, parseSearchQuery } from '../../core/src/app/search/search-query.ts';
import { endOfDay, parseSearchDate, startOfDay } from '../../core/src/app/search/search-dates.ts';
import { matchedWords } from '../../core/src/app/search/search-matches.ts';
import { quoteLexeme, tsqueryExpression, type TextTerm } from '../../core/src/store/text-query.ts';
import { AppError } from '../../core/src/errors/app-error.ts';

const word = (text: string, prefix = false): TextTerm => ({ kind: 'word', text, prefix });
const phrase = (text: string): TextTerm => ({ kind: 'phrase', text, prefix: false });
const hashtag = (text: string, prefix = false): TextTerm => ({ kind: 'hashtag', text, prefix });

describe('search query parser', () => {
  it('reads plain words as terms, trimming surrounding punctuation', () => {
    expect(parseSearchQuery('  deploy, (server)!  ').terms).to.deep.equal([word('deploy'), word('server')]);
  });

  it('reads a trailing asterisk as a prefix and drops words of punctuation alone', () => {
    const query = parseSearchQuery('deplo* ** - !?');
    expect(query.terms).to.deep.equal([word('deplo', true)]);
    expect(query.excludedTerms).to.deep.equal([]);
  });

  it('keeps a quoted phrase together, literal inside its quotes', () => {
    expect(parseSearchQuery('say "deploy the server*" now').terms).to.deep.equal([word('say'), phrase('deploy the server*'), word('now')]);
  });

  it('reads a quoted single word as an exact phrase of one word', () => {
    expect(parseSearchQuery('"deploy"').terms).to.deep.equal([phrase('deploy')]);
  });

  it('excludes words and phrases written with a leading minus', () => {
    const query = parseSearchQuery('deploy -staging -"dry run" -#wip');
    expect(query.terms).to.deep.equal([word('deploy')]);
    expect(query.excludedTerms).to.deep.equal([word('staging'), phrase('dry run'), hashtag('#wip')]);
  });

  it('reads hashtags, collapsing extra pound signs, and hashtag prefixes', () => {
    expect(parseSearchQuery('#incident ##Bug #dep* #1').terms).to.deep.equal([hashtag('#incident'), hashtag('#Bug'), hashtag('#dep', true), word('1')]);
  });

  it('reads from:, in:, channel: and ext: flags, negated ones apart, case-insensitively', () => {
    const query = parseSearchQuery('From:@Alice from:bob -from:carol in:town-square channel:~dev -in:random ext:.PDF -ext:png');
    expect(query.fromUsers).to.deep.equal(['alice', 'bob']);
    expect(query.excludedUsers).to.deep.equal(['carol']);
    expect(query.inChannels).to.deep.equal(['town-square', '~dev']);
    expect(query.excludedChannels).to.deep.equal(['random']);
    expect(query.extensions).to.deep.equal(['pdf']);
    expect(query.excludedExtensions).to.deep.equal(['png']);
    expect(query.terms).to.deep.equal([]);
  });

  it('takes the next word as a flag value when the colon ends the word', () => {
    const query = parseSearchQuery('from: alice in: @bob,carol deploy');
    expect(query.fromUsers).to.deep.equal(['alice']);
    expect(query.inChannels).to.deep.equal(['@bob,carol']);
    expect(query.terms).to.deep.equal([word('deploy')]);
  });

  it('treats unknown flags and URLs as words', () => {
    expect(parseSearchQuery('foo:bar https://example.com').terms).to.deep.equal([word('foo:bar'), word('https://example.com')]);
  });

  it('reads dates of before:, after: and on:, accepting unpadded months and days', () => {
    const query = parseSearchQuery('before:2024-03-15 after:2024-1-5 on:2024-02-29 -on:2024-02-28');
    expect(query.before).to.deep.equal({ year: 2024, month: 3, day: 15 });
    expect(query.after).to.deep.equal({ year: 2024, month: 1, day: 5 });
    expect(query.on).to.deep.equal({ year: 2024, month: 2, day: 29 });
    expect(query.excludedOn).to.deep.equal({ year: 2024, month: 2, day: 28 });
  });

  it('rejects a date that is not a calendar day with a 400', () => {
    for (const text of ['on:2023-02-29', 'after:yesterday', 'before:2024-13-01', "on:2024-01-01'"]) {
      expect(() => parseSearchQuery(text), text).to.throw(AppError).with.property('status', 400);
    }
  });

  it('rejects search text over the length limit with a 400', () => {
    expect(() => parseSearchQuery('a '.repeat(3000))).to.throw(AppError).with.property('status', 400);
  });

  it('calls a query with no term and no flag empty', () => {
    expect(isEmptyQuery(parseSearchQuery('*** !!'))).to.equal(true);
    expect(isEmptyQuery(parseSearchQuery('from:alice'))).to.equal(false);
  });
});

describe('search dates', () => {
  it('bounds a local day by the time zone offset east of UTC', () => {
    const day = parseSearchDate('2024-03-15');
    expect(startOfDay(day, 0)).to.equal(Date.UTC(2024, 2, 15));
    expect(endOfDay(day, 0)).to.equal(Date.UTC(2024, 2, 16) - 1);
    // UTC+2: the local day starts two hours earlier in UTC.
    expect(startOfDay(day, 7200)).to.equal(Date.UTC(2024, 2, 14, 22));
    expect(startOfDay(day, -18000, 1)).to.equal(Date.UTC(2024, 2, 16, 5));
  });
});

describe('search tsquery building', () => {
  it('binds every term as a value and combines them with tsquery operators', () => {
    const built = tsqueryExpression({ terms: [word('a'), phrase('b c'), word('d', true), hashtag('#Tag')], excluded: [word('x'), word('y')], anyTerm: false });
    expect(built.sql).to.equal(
      "(plainto_tsquery('simple'::regconfig, ?) && phraseto_tsquery('simple'::regconfig, ?) && to_tsquery('simple'::regconfig, ?) && cast(? as tsquery)) && !!(plainto_tsquery('simple'::regconfig, ?) || plainto_tsquery('simple'::regconfig, ?))",
    );
    expect(built.params).to.deep.equal(['a', 'b c', "'d':*", "'#tag'", 'x', 'y']);
  });

  it('joins terms with || for an OR search', () => {
    expect(tsqueryExpression({ terms: [word('a'), word('b')], excluded: [], anyTerm: true }).sql).to.equal("(plainto_tsquery('simple'::regconfig, ?) || plainto_tsquery('simple'::regconfig, ?))");
  });

  it("quotes a lexeme so tsquery operators in it stay characters", () => {
    expect(quoteLexeme("it's a\\b&|!():*", true)).to.equal("'it''s a\\\\b&|!():*':*");
  });
});

describe('search matches', () => {
  it('returns matched words as written, for words, prefixes, phrases and hashtags', () => {
    const message = 'Deploying the Server now; deploy again. #Release-1 is out, server-side too';
    const terms = [word('server'), word('deplo', true), phrase('the server'), hashtag('#release-1')];
    expect(matchedWords(message, '#Release-1', terms)).to.deep.equal(['Server', 'server', 'Deploying', 'deploy', 'the Server', '#Release-1']);
  });

  it('does not match a word inside a longer word', () => {
    expect(matchedWords('redeploy deployment', '', [word('deploy')])).to.deep.equal([]);
  });
});
