import { expect } from 'chai';
import { encodeForm, withQuery } from '../src/custom/form-encoding.ts';
import { integrationPost, parseIntegrationResponse, slackLinksToMarkdown } from '../src/custom/command-response.ts';

describe('slash-commands integration requests and answers', () => {
  it('form-encodes fields with sorted keys so that a standard parser reads them back', async () => {
    const fields = { text: "a b&c=d/é!*'()", command: '/weather', token: 'abc' };
    const encoded = encodeForm(fields);
    expect(encoded.startsWith('command=')).to.equal(true);
    expect(encoded).not.to.match(/[ !*'()]/);
    expect(Object.fromEntries(new URLSearchParams(encoded))).to.deep.equal(fields);
  });

  it("appends the fields to a GET URL's query, keeping what it has", async () => {
    expect(withQuery('http://h/cmd', { a: '1' })).to.equal('http://h/cmd?a=1');
    expect(withQuery('http://h/cmd?x=y#frag', { a: '1' })).to.equal('http://h/cmd?x=y&a=1');
  });

  it('reads a JSON answer only with a JSON content type, and any other body as text', async () => {
    expect(parseIntegrationResponse('application/json; charset=utf-8', '{"text":"hi","response_type":"in_channel"}')).to.deep.equal({ text: 'hi', response_type: 'in_channel' });
    expect(parseIntegrationResponse('text/plain', '{"text":"hi"}')).to.deep.equal({ text: '{"text":"hi"}' });
    expect(parseIntegrationResponse('', 'plain words')).to.deep.equal({ text: 'plain words' });
    expect(() => parseIntegrationResponse('application/json', '[1]')).to.throw(SyntaxError);
    expect(() => parseIntegrationResponse('application/json', '{oops')).to.throw(SyntaxError);
  });

  it('turns Slack links into Markdown', async () => {
    expect(slackLinksToMarkdown('see <https://a.example|the docs> and <https://b.example|more>')).to.equal('see [the docs](https://a.example) and [more](https://b.example)');
  });

  it("marks the answer as an integration's, prefers the command's identity and keeps one level of extra responses", async () => {
    const answer = integrationPost(
      {
        response_type: 'in_channel',
        text: '<https://x.example|x>',
        username: 'answer-name',
        icon_url: 'https://icons.example/a.png',
        props: { custom: 1 },
        extra_responses: [{ text: 'more', extra_responses: [{ text: 'too deep' }] }],
      },
      { username: 'command-name', icon_url: '' },
    );
    expect(answer).to.deep.include({ response_type: 'in_channel', text: '[x](https://x.example)', username: 'command-name', icon_url: 'https://icons.example/a.png' });
    expect(answer.props).to.deep.equal({ custom: 1, from_webhook: 'true' });
    expect(answer.extra_responses).to.have.length(1);
    expect(answer.extra_responses![0]).to.deep.include({ response_type: 'ephemeral', text: 'more', extra_responses: [] });
  });

  it('keeps the text as sent when the answer skips Slack parsing', async () => {
    expect(integrationPost({ text: '<a|b>', skip_slack_parsing: true }, { username: '', icon_url: '' }).text).to.equal('<a|b>');
  });
});
