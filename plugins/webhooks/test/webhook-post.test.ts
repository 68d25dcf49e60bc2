import { expect } from 'chai';
import { HttpError } from '@parley/plugin-api';
import { normalizeAttachments } from '../src/slack-format.ts';
import { MAX_MESSAGE_RUNES, MAX_PROPS_RUNES, splitPost, webhookPosts, type WebhookMessage } from '../src/webhook-post.ts';

const message = (overrides: Partial<WebhookMessage>): WebhookMessage => ({
  text: 'hello',
  username: '',
  iconUrl: '',
  iconEmoji: '',
  props: {},
  attachments: [],
  type: '',
  priority: null,
  ...overrides,
});
const OFF = { usernameOverride: false, iconOverride: false };
const ON = { usernameOverride: true, iconOverride: true };

describe('webhooks post composition', () => {
  it('marks the post from_webhook and converts Slack links in the message', () => {
    const [draft] = webhookPosts(message({ text: 'see <https://x.example|x>' }), OFF);
    expect(draft).to.deep.equal({ message: 'see [x](https://x.example)', type: '', props: { from_webhook: 'true' } });
  });

  it('sets the username and icon overrides only when the server allows them', () => {
    const input = message({ username: 'robot', iconUrl: 'https://i.example/a.png', iconEmoji: ':ghost:' });
    expect(webhookPosts(input, OFF)[0].props).to.deep.equal({ from_webhook: 'true' });
    expect(webhookPosts(input, ON)[0].props).to.deep.equal({ from_webhook: 'true', override_username: 'robot', override_icon_url: 'https://i.example/a.png', override_icon_emoji: ':ghost:' });
    expect(webhookPosts(message({}), ON)[0].props).to.include({ override_username: 'webhook' });
  });

  it("keeps the caller's props but never lets them forge the server's markers", () => {
    const [draft] = webhookPosts(message({ props: { card: 'x', from_webhook: 'false', override_username: 'admin', attachments: [{ text: 'forged' }] } }), OFF);
    expect(draft.props).to.deep.equal({ from_webhook: 'true', card: 'x' });
  });

  it('refuses system post types and a priority without its level', () => {
    expect(() => webhookPosts(message({ type: 'system_join_channel' }), OFF)).to.throw(HttpError, /post.type/);
    expect(() => webhookPosts(message({ priority: { requested_ack: true } }), OFF)).to.throw(HttpError, /priority/);
    expect(webhookPosts(message({ priority: { priority: 'urgent' } }), OFF)).to.have.length(1);
  });

  it('splits a message longer than a post into several posts, at character boundaries', () => {
    const text = `${'é'.repeat(MAX_MESSAGE_RUNES)}😀tail`;
    const drafts = webhookPosts(message({ text }), OFF);
    expect(drafts.map((d) => [...d.message].length)).to.deep.equal([MAX_MESSAGE_RUNES, 5]);
    expect(drafts.map((d) => d.message).join('')).to.equal(text);
    expect(drafts.every((d) => d.props.from_webhook === 'true')).to.equal(true);
  });

  it('puts attachments on the last post and moves them to further posts when props would grow too big', () => {
    const big = normalizeAttachments([{ text: 'a'.repeat(MAX_PROPS_RUNES * 0.6) }, { text: 'b'.repeat(MAX_PROPS_RUNES * 0.6) }]);
    const drafts = splitPost('hi', 'slack_attachment', { from_webhook: 'true' }, big);
    expect(drafts).to.have.length(2);
    expect(drafts[0].message).to.equal('hi');
    expect((drafts[0].props.attachments as unknown[]).length).to.equal(1);
    expect(drafts[1]).to.include({ message: '', type: 'slack_attachment' });
    expect((drafts[1].props.attachments as Array<{ text: string }>)[0].text[0]).to.equal('b');
  });

  it('shortens the text of a single attachment too big for a post, and refuses props that cannot fit', () => {
    const [huge] = normalizeAttachments([{ text: 'c'.repeat(MAX_PROPS_RUNES + 10) }]);
    const [draft] = splitPost('', '', {}, [huge]);
    expect(JSON.stringify(draft.props).length).to.be.at.most(MAX_PROPS_RUNES);
    expect(() => splitPost('', '', { blob: 'x'.repeat(MAX_PROPS_RUNES) }, [])).to.throw(HttpError, /split/);
  });
});
