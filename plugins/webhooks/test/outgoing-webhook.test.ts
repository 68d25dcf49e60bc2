import { expect } from 'chai';
import { HttpError } from '@parley/plugin-api';
import { encodePayload, type OutgoingPayload } from '../src/outgoing-dispatch.ts';
import { checkOutgoing, hooksIntersect, outgoingInput, triggeredHooks, type OutgoingWebhook } from '../src/outgoing-webhook.ts';
import { parseUrlEncoded } from '../src/form-encoding.ts';

const CHANNEL = 'c'.repeat(26);
const OTHER_CHANNEL = 'd'.repeat(26);

function hook(overrides: Partial<OutgoingWebhook>): OutgoingWebhook {
  return {
    id: overrides.id ?? 'h'.repeat(26),
    token: 't'.repeat(26),
    create_at: 1,
    update_at: 1,
    delete_at: 0,
    creator_id: 'u'.repeat(26),
    channel_id: '',
    team_id: 'e'.repeat(26),
    trigger_words: [],
    trigger_when: 0,
    callback_urls: ['http://127.0.0.1:9/x'],
    display_name: '',
    description: '',
    content_type: '',
    username: '',
    icon_url: '',
    ...overrides,
  };
}

const triggered = (hooks: OutgoingWebhook[], channelId: string, message: string) => triggeredHooks(hooks, channelId, message).map((t) => [t.hook.id, t.triggerWord]);

describe('webhooks outgoing rules', () => {
  it('fires an exact-match hook only when the first word equals a trigger word', () => {
    const exact = hook({ id: 'exact', trigger_words: ['build', 'deploy'] });
    expect(triggered([exact], CHANNEL, '  deploy now')).to.deep.equal([['exact', 'deploy']]);
    expect(triggered([exact], CHANNEL, 'deploying now')).to.deep.equal([]);
    expect(triggered([exact], CHANNEL, 'please deploy')).to.deep.equal([]);
    expect(triggered([exact], CHANNEL, 'Deploy')).to.deep.equal([]);
  });

  it('fires a starts-with hook when the first word begins with a trigger word', () => {
    const prefix = hook({ id: 'prefix', trigger_words: ['#bu'], trigger_when: 1 });
    expect(triggered([prefix], CHANNEL, '#build 12')).to.deep.equal([['prefix', '#bu']]);
    expect(triggered([prefix], CHANNEL, 'x #build')).to.deep.equal([]);
  });

  it('fires a channel hook without words on every post of its channel, and only there', () => {
    const channelHook = hook({ id: 'chan', channel_id: CHANNEL });
    const channelWords = hook({ id: 'chanwords', channel_id: CHANNEL, trigger_words: ['go'] });
    expect(triggered([channelHook, channelWords], CHANNEL, 'anything')).to.deep.equal([['chan', '']]);
    expect(triggered([channelHook, channelWords], CHANNEL, 'go')).to.deep.equal([
      ['chan', ''],
      ['chanwords', 'go'],
    ]);
    expect(triggered([channelHook, channelWords], OTHER_CHANNEL, 'go')).to.deep.equal([]);
  });

  it('tells hooks that would answer the same posts apart from those that would not', () => {
    const a = { channel_id: CHANNEL, callback_urls: ['http://a/1', 'http://a/2'], trigger_words: ['x', 'y'] };
    expect(hooksIntersect(a, { channel_id: CHANNEL, callback_urls: ['http://a/2'], trigger_words: ['y'] })).to.equal(true);
    expect(hooksIntersect(a, { channel_id: '', callback_urls: ['http://a/2'], trigger_words: ['y'] })).to.equal(false);
    expect(hooksIntersect(a, { channel_id: CHANNEL, callback_urls: ['http://a/3'], trigger_words: ['y'] })).to.equal(false);
  });

  it('reads a hook from JSON and refuses what is not one', () => {
    expect(outgoingInput('{"team_id":"t","trigger_words":["a"],"callback_urls":["http://x"],"trigger_when":1}')).to.include({ team_id: 't', trigger_when: 1 });
    for (const body of ['nope', '[]', '{"trigger_words":"a"}', '{"callback_urls":[1]}', '{"trigger_when":"0"}', '{"display_name":3}']) {
      expect(() => outgoingInput(body), body).to.throw(HttpError, /outgoing_webhook/);
    }
  });

  it("checks the fields with Mattermost's rules", () => {
    const valid = outgoingInput('{"team_id":"t","trigger_words":["a"],"callback_urls":["https://x.example/hook"]}');
    expect(() => checkOutgoing(valid)).not.to.throw();
    const cases: Array<[Partial<typeof valid>, string]> = [
      [{ callback_urls: [] }, 'model.outgoing_hook.callback.app_error'],
      [{ callback_urls: ['ftp://x/y'] }, 'model.outgoing_hook.url.app_error'],
      [{ callback_urls: ['not a url'] }, 'model.outgoing_hook.url.app_error'],
      [{ trigger_words: [''] }, 'model.outgoing_hook.words.app_error'],
      [{ trigger_when: 2 }, 'model.outgoing_hook.trigger_when.app_error'],
      [{ display_name: 'x'.repeat(65) }, 'model.outgoing_hook.display_name.app_error'],
      [{ description: 'x'.repeat(501) }, 'model.outgoing_hook.description.app_error'],
    ];
    for (const [change, id] of cases) {
      try {
        checkOutgoing({ ...valid, ...change });
        expect.fail(`accepted ${JSON.stringify(change)}`);
      } catch (err) {
        expect((err as HttpError).id).to.equal(id);
        expect((err as HttpError).status).to.equal(400);
      }
    }
  });

  it('encodes the payload as JSON with milliseconds, or as a form with seconds', () => {
    const payload: OutgoingPayload = {
      token: 'tok',
      team_id: 'team',
      team_domain: 'dom',
      channel_id: 'ch',
      channel_name: 'town-square',
      timestamp: 1_700_000_123_456,
      user_id: 'u',
      user_name: 'ada',
      post_id: 'p',
      text: 'build it & ship',
      trigger_word: 'build',
      file_ids: 'f1,f2',
    };
    const json = encodePayload(payload, 'application/json');
    expect(json.contentType).to.equal('application/json');
    expect(JSON.parse(json.body)).to.deep.equal(payload);
    const form = encodePayload(payload, '');
    expect(form.contentType).to.equal('application/x-www-form-urlencoded');
    expect(parseUrlEncoded(form.body)).to.deep.equal({ ...payload, timestamp: '1700000123' });
  });
});
