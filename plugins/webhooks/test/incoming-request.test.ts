import { expect } from 'chai';
import { HttpError } from '@parley/plugin-api';
import { parseIncomingRequest } from '../src/incoming-request.ts';

function parseFailure(contentType: string | undefined, body: string): HttpError {
  try {
    parseIncomingRequest(contentType, body);
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('the payload was accepted');
}

describe('webhooks incoming payload', () => {
  it('reads JSON, also without a Content-Type', () => {
    const request = parseIncomingRequest(undefined, '{"text":"hi","username":"bot","channel":"#dev","props":{"a":1},"type":"custom_x"}');
    expect(request).to.include({ text: 'hi', username: 'bot', channel: '#dev', type: 'custom_x' });
    expect(request.props).to.deep.equal({ a: 1 });
    expect(request.attachments).to.equal(null);
  });

  it('reads the JSON of the payload field of a form', () => {
    const body = `payload=${encodeURIComponent(JSON.stringify({ text: 'from a form', icon_emoji: ':ghost:' }))}`;
    expect(parseIncomingRequest('application/x-www-form-urlencoded; charset=utf-8', body)).to.include({ text: 'from a form', icon_emoji: ':ghost:' });
  });

  it('reads a multipart payload field, or the fields one by one', () => {
    const part = (name: string, value: string) => `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    expect(parseIncomingRequest('multipart/form-data; boundary=b', `${part('payload', '{"text":"json part"}')}--b--\r\n`).text).to.equal('json part');
    expect(parseIncomingRequest('multipart/form-data; boundary=b', `${part('text', 'plain')}${part('channel', 'town-square')}--b--\r\n`)).to.include({ text: 'plain', channel: 'town-square' });
  });

  it('accepts raw newlines and tabs inside text values, as Mattermost does', () => {
    expect(parseIncomingRequest('application/json', '{"text": "line one\nline\ttwo", "attachments": [{"pretext": "a\nb"}]}').text).to.equal('line one\nline\ttwo');
  });

  it('refuses an empty, malformed or wrongly typed payload with a 400 parse error', () => {
    for (const [contentType, body] of [
      ['application/json', ''],
      ['application/json', '{"text": '],
      ['application/json', '["text"]'],
      ['application/json', '{"text": 42}'],
      ['application/json', '{"props": "x"}'],
      ['application/json', '{"attachments": {"text": "x"}}'],
      ['application/x-www-form-urlencoded', 'text=hello'],
      ['application/x-www-form-urlencoded', 'payload=%zz'],
    ] as const) {
      const err = parseFailure(contentType, body);
      expect(err.status, body).to.equal(400);
      expect(err.id, body).to.equal('model.incoming_hook.parse_data.app_error');
    }
  });

  it('refuses a multipart body it cannot read with the multipart error', () => {
    const err = parseFailure('multipart/form-data', 'text=hello');
    expect(err).to.include({ status: 400, id: 'api.webhook.incoming.error' });
  });
});
