// OAuth 1.0a signing (RFC 5849) as the plugin does it for Jira Server, checked against the RFC's
// worked examples, and the encoded instance ids of per-instance routes.
import { expect } from 'chai';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { baseStringUri, oauth1Authorization, percentEncode, signatureBaseString } from '../src/jira-api/oauth1.ts';
import { decodeInstanceId, encodeInstanceId } from '../src/instances/instance-path.ts';
import { normalizeInstanceUrl } from '../src/instances/instance.ts';
import { formEncode, parseForm, parseUrl } from '../src/url-parts.ts';

/** The fields of an `Authorization: OAuth ...` header, decoded. */
function headerFields(header: string): Record<string, string> {
  return Object.fromEntries([...header.matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1]!, decodeURIComponent(m[2]!)]));
}

describe('jira plugin: OAuth 1.0a signing (RFC 5849)', () => {
  it('builds the signature base string of RFC 5849 §3.4.1.1', () => {
    const oauth = {
      oauth_consumer_key: '9djdj82h48djs9d2',
      oauth_token: 'kkk9d7dh3k39sjv7',
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: '137131201',
      oauth_nonce: '7d8f3e4a',
      realm: 'Example',
      oauth_signature: 'bYT5CMsGcbgUdFHObYMEfcx6bsw=',
    };
    const base = signatureBaseString('post', 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b', oauth, 'c2&a3=2+q');
    expect(base).to.equal(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
  });

  it('writes the base string URI as RFC 5849 §3.4.1.2 does', () => {
    expect(baseStringUri('HTTP://EXAMPLE.COM:80/r%20v/X?id=123')).to.equal('http://example.com/r%20v/X');
    expect(baseStringUri('https://www.example.net:8080/?q=1')).to.equal('https://www.example.net:8080/');
    expect(baseStringUri('https://jira.example.com:443/rest/api/2/myself')).to.equal('https://jira.example.com/rest/api/2/myself');
  });

  it('percent-encodes everything but the unreserved characters (RFC 5849 §3.6)', () => {
    expect(percentEncode("AZaz09-._~ !*'()/+=&%é")).to.equal("AZaz09-._~%20%21%2A%27%28%29%2F%2B%3D%26%25%C3%A9");
  });

  it('signs with the signer given, in a header that verifies against the public key and parses back', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const url = 'https://jira.example.com/rest/api/2/search?jql=project%20%3D%20PROJ&maxResults=5';
    const header = await oauth1Authorization(
      'GET',
      url,
      { oauth_consumer_key: 'parley-key', oauth_token: 'access token', oauth_signature_method: 'RSA-SHA1', oauth_nonce: 'n0nce', oauth_timestamp: '1700000000' },
      (base) => Promise.resolve(sign('RSA-SHA1', Buffer.from(base), privateKey).toString('base64')),
    );
    expect(header).to.match(/^OAuth oauth_version="1.0", oauth_consumer_key="parley-key", oauth_token="access%20token", /);
    const fields = headerFields(header);
    expect(fields.oauth_token).to.equal('access token');
    const base = signatureBaseString('GET', url, fields);
    expect(base).to.contain('jql%3Dproject%2520%253D%2520PROJ').and.contain('oauth_version%3D1.0');
    expect(verify('RSA-SHA1', Buffer.from(base), publicKey, Buffer.from(fields.oauth_signature!, 'base64'))).to.equal(true);
  });
});

describe('jira plugin: URLs without the URL class', () => {
  it('splits http(s) URLs and refuses anything else', () => {
    expect(parseUrl('https://Jira.Example.com:8443/jira/?a=1#top')).to.deep.equal({ protocol: 'https:', hostname: 'jira.example.com', port: '8443', pathname: '/jira/', search: '?a=1' });
    expect(parseUrl('http://[::1]:8080')).to.include({ hostname: '[::1]', pathname: '/' });
    for (const bad of ['ftp://example.com', 'not a url', 'https://', 'https://exa mple.com', 'https://example.com:99999']) expect(() => parseUrl(bad), bad).to.throw(/not an http\(s\) URL/);
  });

  it('normalises instance URLs: scheme added, case and default port and trailing slashes dropped', () => {
    expect(normalizeInstanceUrl('Team.Atlassian.NET/')).to.equal('https://team.atlassian.net');
    expect(normalizeInstanceUrl('http://jira.example.com:80/jira//')).to.equal('http://jira.example.com/jira');
    expect(normalizeInstanceUrl('https://jira.example.com:8443')).to.equal('https://jira.example.com:8443');
  });

  it('encodes and parses forms', () => {
    expect(formEncode({ a: 'x y', b: undefined, c: 3 })).to.equal('a=x%20y&c=3');
    expect(parseForm('?a=x+y&b&c=%E2%82%AC')).to.deep.equal([['a', 'x y'], ['b', ''], ['c', '€']]);
  });

  it('encodes instance ids as Mattermost does (URL-safe base64, padded) and decodes them back', () => {
    for (const id of ['https://jira.example.com', 'https://team.atlassian.net', 'http://127.0.0.1:8080/jira', 'https://jira.example.com/ü']) {
      expect(encodeInstanceId(id)).to.equal(Buffer.from(id).toString('base64url').padEnd(Math.ceil(Buffer.from(id).length / 3) * 4, '='));
      expect(decodeInstanceId(encodeInstanceId(id))).to.equal(id);
    }
    expect(decodeInstanceId('not base64!')).to.equal(undefined);
  });
});
