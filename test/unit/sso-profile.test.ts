// How each provider's verified claims become a Parley account (Mattermost's mapping per provider).
import { expect } from 'chai';
import { cleanUsername, ssoProfile } from '../../core/src/app/sso-profile.ts';
import { AppError } from '../../core/src/errors/app-error.ts';

describe('ssoProfile', () => {
  it('reads an OpenID provider’s subject, email, preferred_username and given/family names', async () => {
    expect(ssoProfile('openid', { sub: 'abc', email: 'Ada@Example.com', preferred_username: 'ada.l', given_name: 'Ada', family_name: 'Lovelace' })).to.deep.equal({
      subject: 'abc',
      email: 'ada@example.com',
      username: 'ada.l',
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
  });

  it('takes GitLab’s nickname as the username and splits its name', async () => {
    expect(ssoProfile('gitlab', { sub: '42', email: 'g@example.com', nickname: 'grace', preferred_username: 'other', name: 'Grace Brewster Hopper' })).to.include({ username: 'grace', firstName: 'Grace', lastName: 'Brewster Hopper' });
  });

  it('keys Office 365 accounts by the object id and takes the UPN when there is no email claim', async () => {
    expect(ssoProfile('office365', { sub: 'pairwise', oid: 'object-id', preferred_username: 'Joan@Contoso.com', name: 'Joan Clarke' })).to.deep.equal({
      subject: 'object-id',
      email: 'joan@contoso.com',
      username: 'joan',
      firstName: 'Joan',
      lastName: 'Clarke',
    });
  });

  it('makes Google usernames from the email’s local part', async () => {
    expect(ssoProfile('google', { sub: '1', email: 'alan.turing@gmail.com', preferred_username: 'ignored' }).username).to.equal('alan.turing');
  });

  it('refuses claims without a subject or an email address', async () => {
    for (const claims of [{ email: 'a@example.com' }, { sub: 'x' }, { sub: 'x'.repeat(129), email: 'a@example.com' }]) {
      expect(() => ssoProfile('openid', claims)).to.throw(AppError, /subject|email/);
    }
  });

  it('cleans usernames as Mattermost does, inventing one when nothing usable is left', async () => {
    expect(cleanUsername('Jean Dupont')).to.equal('jean-dupont');
    expect(cleanUsername('9lives')).to.equal('lives');
    expect(cleanUsername('a-very-long-username-that-goes-on')).to.have.length(22);
    expect(cleanUsername('@@')).to.match(/^user-[0-9a-f]{12}$/);
    expect(cleanUsername('here')).to.match(/^user-/);
  });
});
