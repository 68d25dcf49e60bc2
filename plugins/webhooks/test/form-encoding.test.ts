import { expect } from 'chai';
import { contentTypeParameter, encodeUrlEncoded, mediaType, parseMultipart, parseUrlEncoded } from '../src/form-encoding.ts';

describe('webhooks form encoding', () => {
  it('reads the media type and a quoted parameter of a Content-Type', () => {
    expect(mediaType(' Multipart/Form-Data; boundary="a b"')).to.equal('multipart/form-data');
    expect(contentTypeParameter('multipart/form-data; charset=utf-8; boundary="a b"', 'boundary')).to.equal('a b');
    expect(mediaType(undefined)).to.equal('');
  });

  it('decodes a form body with + as space, escapes, and the first of repeated fields', () => {
    expect(parseUrlEncoded('payload=%7B%22text%22%3A%22a+b%22%7D&x=1&x=2&flag')).to.deep.equal({ payload: '{"text":"a b"}', x: '1', flag: '' });
  });

  it('throws on a malformed escape in a form body', () => {
    expect(() => parseUrlEncoded('payload=%E0%A4%A')).to.throw();
  });

  it("encodes fields sorted by name with Go's escaping", () => {
    expect(encodeUrlEncoded({ text: "hi there! (it's)", b: 'x&y=z', a: 'ü' })).to.equal('a=%C3%BC&b=x%26y%3Dz&text=hi+there%21+%28it%27s%29');
    expect(parseUrlEncoded(encodeUrlEncoded({ text: "a+b c!'()*~" })).text).to.equal("a+b c!'()*~");
  });

  it('reads the text fields of a multipart body and skips files', () => {
    const body = [
      '--XyZ',
      'Content-Disposition: form-data; name="text"',
      '',
      'line one\r\nline two',
      '--XyZ',
      'Content-Disposition: form-data; name="file"; filename="a.txt"',
      'Content-Type: text/plain',
      '',
      'file content',
      '--XyZ',
      'Content-Disposition: form-data; name=username',
      '',
      'robot',
      '--XyZ--',
      '',
    ].join('\r\n');
    expect(parseMultipart(body, 'XyZ')).to.deep.equal({ text: 'line one\r\nline two', username: 'robot' });
  });

  it('refuses a multipart body without its boundary or with an unclosed part', () => {
    expect(() => parseMultipart('text=1', 'XyZ')).to.throw(/boundary/);
    expect(() => parseMultipart('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue', 'XyZ')).to.throw(/not closed/);
    expect(() => parseMultipart('--XyZ--', '')).to.throw(/no boundary/);
  });
});
