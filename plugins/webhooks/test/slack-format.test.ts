import { expect } from 'chai';
import {
  AttachmentError,
  attachmentLinksToMarkdown,
  expandAnnouncements,
  mentionedUserIds,
  normalizeAttachments,
  processAttachmentTexts,
  replaceUserMentions,
  slackLinksToMarkdown,
} from '../src/slack-format.ts';

describe('webhooks Slack format', () => {
  it('turns <url|text> links into Markdown and leaves bare <url> links alone', () => {
    expect(slackLinksToMarkdown('see <https://a.example/x?y=1|the docs> and <https://b.example>')).to.equal('see [the docs](https://a.example/x?y=1) and <https://b.example>');
  });

  it('expands <!channel>, <!here> and <!all> into mentions, every time they occur', () => {
    expect(expandAnnouncements('<!channel> <!here> <!all> <!channel>')).to.equal('@channel @here @all @channel');
  });

  it('replaces <@userid> by @username for known users only', () => {
    const text = 'hi <@abc123> and <@zzz>, again <@abc123>';
    expect(mentionedUserIds(text)).to.deep.equal(['abc123', 'zzz']);
    expect(replaceUserMentions(text, new Map([['abc123', 'ada']]))).to.equal('hi @ada and <@zzz>, again @ada');
  });

  it("normalises attachments to Mattermost's shape, stringifying field values and dropping nulls", () => {
    const [attachment, ...rest] = normalizeAttachments([{ text: 't', color: '#fff', fields: [{ title: 'n', value: 3, short: true }, null, { title: 'b', value: false }] }, null]);
    expect(rest).to.have.length(0);
    expect(attachment).to.include({ id: 0, text: 't', color: '#fff', fallback: '', pretext: '', title: '', image_url: '', ts: null });
    expect(attachment.fields).to.deep.equal([
      { title: 'n', value: '3', short: true },
      { title: 'b', value: 'false', short: false },
    ]);
  });

  it('refuses attachments that could not be Slack attachments', () => {
    expect(() => normalizeAttachments('nope')).to.throw(AttachmentError);
    expect(() => normalizeAttachments([{ text: 5 }])).to.throw(AttachmentError, /attachments\[0\]\.text/);
    expect(() => normalizeAttachments([{ fields: [{ value: { a: 1 } }] }])).to.throw(AttachmentError, /fields\[0\]\.value/);
  });

  it('processes pretext, text, title and field values, and converts links only where Mattermost does', () => {
    const [attachment] = normalizeAttachments([{ pretext: '<!here> <u|p>', text: '<u|t>', title: '<!all> <u|title>', fields: [{ title: '<u|f>', value: '<u|v>' }] }]);
    const [processed] = attachmentLinksToMarkdown(processAttachmentTexts([attachment], expandAnnouncements));
    expect(processed).to.include({ pretext: '@here [p](u)', text: '[t](u)', title: '@all <u|title>' });
    expect(processed.fields).to.deep.equal([{ title: '<u|f>', value: '[v](u)', short: false }]);
  });
});
