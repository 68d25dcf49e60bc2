import { expect } from 'chai';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { LdapDirectory, PAGED_ONLY_DN, PAGED_ONLY_LIMIT, type DirectoryPerson } from '../helpers/ldap-directory.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { SyncableType } from '@mattermost/types/groups';

describe('LDAP sync and administration', () => {
  let ts: TestServer;
  let directory: LdapDirectory;
  let admin: LoggedIn;
  let someone: LoggedIn;

  function person(fields: Partial<DirectoryPerson> = {}): DirectoryPerson {
    const uid = uniqueName('ls');
    const added = { uid, password: `pw-${uid}`, mail: `${uid}@corp.example`, givenName: 'Ada', sn: 'Lovelace', ...fields };
    directory.addPerson(added);
    return added;
  }

  /** Runs `body` with LDAP settings patched, restoring them afterwards. */
  async function withLdapSettings(patch: Record<string, unknown>, body: () => Promise<void>): Promise<void> {
    const before = { ...ts.config.get().LdapSettings };
    ts.config.patch({ LdapSettings: patch });
    try {
      await body();
    } finally {
      ts.config.patch({ LdapSettings: before });
    }
  }

  before(async () => {
    directory = await LdapDirectory.start();
    ts = await startTestServer();
    admin = await createAdmin(ts);
    someone = await createUser(ts, admin.client);
    ts.config.patch({ LdapSettings: directory.settings() });
  });
  after(async () => {
    await ts.close();
    await directory.close();
  });

  describe('POST /ldap/sync', () => {
    it('updates profiles from the directory', async () => {
      const ada = person();
      const user = await ts.client().login(ada.uid, ada.password);
      directory.updatePerson(ada.uid, { sn: 'Byron', title: 'Countess' });
      await admin.client.syncLdap();
      const after = await admin.client.getUser(user.id);
      expect(after).to.include({ last_name: 'Byron', position: 'Countess' });
    });

    it('deactivates accounts no longer found by the filter and signs them out, then reactivates them when they return', async () => {
      const leaver = person();
      const client = ts.client();
      const user = await client.login(leaver.uid, leaver.password);
      directory.updatePerson(leaver.uid, { objectClass: 'organizationalPerson' });
      await admin.client.syncLdap();
      expect((await admin.client.getUser(user.id)).delete_at).to.be.greaterThan(0);
      await expectClientError(client.getMe(), 401);
      await expectClientError(ts.client().login(leaver.uid, leaver.password), 401);

      directory.updatePerson(leaver.uid, { objectClass: 'inetOrgPerson' });
      await admin.client.syncLdap();
      expect((await admin.client.getUser(user.id)).delete_at).to.equal(0);
      const back = await ts.client().login(leaver.uid, leaver.password);
      expect(back.id).to.equal(user.id);
    });

    it('makes people the guest filter matches guests on sync, and members again when they leave it', async () => {
      const temp = person();
      const user = await ts.client().login(temp.uid, temp.password);
      ts.config.patch({ GuestAccountsSettings: { Enable: true } });
      await withLdapSettings({ GuestFilter: '(employeeType=guest)' }, async () => {
        directory.updatePerson(temp.uid, { employeeType: 'guest' });
        await admin.client.syncLdap();
        expect((await admin.client.getUser(user.id)).roles).to.equal('system_guest');
        directory.updatePerson(temp.uid, { employeeType: 'staff' });
        await admin.client.syncLdap();
        expect((await admin.client.getUser(user.id)).roles).to.equal('system_user');
      });
    });

    it('deactivates accounts removed from the directory and leaves email accounts alone', async () => {
      const gone = person();
      const user = await ts.client().login(gone.uid, gone.password);
      directory.removePerson(gone.uid);
      await admin.client.syncLdap();
      expect((await admin.client.getUser(user.id)).delete_at).to.be.greaterThan(0);
      expect((await admin.client.getUser(someone.user.id)).delete_at).to.equal(0);
    });

    it('reads the directory page by page when MaxPageSize is set', async () => {
      const people = [person(), person(), person()];
      const ids: string[] = [];
      for (const p of people) ids.push((await ts.client().login(p.uid, p.password)).id);
      for (const p of people) directory.updatePerson(p.uid, { title: 'Paged' });
      // Bound as an account the directory gives PAGED_ONLY_LIMIT entries per search unless it pages.
      const pagedOnly = { BindUsername: PAGED_ONLY_DN, BindPassword: 'paged-secret' };
      expect(people.length).to.be.greaterThan(PAGED_ONLY_LIMIT);
      await withLdapSettings({ ...pagedOnly, MaxPageSize: 0 }, async () => {
        await expectClientError(admin.client.syncLdap(), 500);
      });
      await withLdapSettings({ ...pagedOnly, MaxPageSize: PAGED_ONLY_LIMIT }, async () => {
        await admin.client.syncLdap();
      });
      for (const id of ids) expect((await admin.client.getUser(id)).position).to.equal('Paged');
    });

    it('is refused to someone who is not a system admin', async () => {
      await expectClientError(someone.client.syncLdap(), 403);
    });

    it('answers 501 while LDAP is off', async () => {
      await withLdapSettings({ Enable: false }, async () => {
        await expectClientError(admin.client.syncLdap(), 501, 'ent.ldap.disabled.app_error');
      });
    });
  });

  describe('POST /ldap/test', () => {
    it('answers OK when the server binds as the service account', async () => {
      expect(await admin.client.testLdap()).to.deep.include({ status: 'OK' });
    });

    it('reports a wrong bind password', async () => {
      await withLdapSettings({ BindPassword: 'not-it' }, async () => {
        await expectClientError(admin.client.testLdap(), 500, 'ent.ldap.do_login.bind_admin_user.app_error');
      });
    });

    it('reports a server that cannot be reached', async () => {
      await withLdapSettings({ LdapPort: 1, QueryTimeout: 2 }, async () => {
        await expectClientError(admin.client.testLdap(), 500, 'ent.ldap.do_login.unable_to_connect.app_error');
      });
    });

    it('is refused to someone who is not a system admin', async () => {
      await expectClientError(someone.client.testLdap(), 403);
    });
  });

  describe('LDAPS', () => {
    let secure: LdapDirectory;
    before(async () => {
      secure = await LdapDirectory.start({ tls: true });
    });
    after(async () => {
      await secure.close();
    });

    it('signs in over TLS when certificate checks are skipped, and refuses the self-signed certificate otherwise', async () => {
      const uid = uniqueName('tls');
      secure.addPerson({ uid, password: 'tls-pass', mail: `${uid}@corp.example` });
      await withLdapSettings({ ...secure.settings(), ConnectionSecurity: 'TLS', SkipCertificateVerification: true }, async () => {
        const user = await ts.client().login(uid, 'tls-pass');
        expect(user).to.include({ username: uid, auth_service: 'ldap' });
        await withLdapSettings({ SkipCertificateVerification: false }, async () => {
          await expectClientError(admin.client.testLdap(), 500, 'ent.ldap.do_login.unable_to_connect.app_error');
        });
      });
    });
  });

  describe('groups', () => {
    it('lists directory groups, links one, and adds its members to linked teams and channels on sync', async () => {
      const [ann, bob] = [person(), person()];
      const outsider = person();
      const annUser = await ts.client().login(ann.uid, ann.password);
      const bobUser = await ts.client().login(bob.uid, bob.password);
      await ts.client().login(outsider.uid, outsider.password);
      const cn = uniqueName('eng');
      directory.setGroup(cn, 'Engineering', [ann.uid, bob.uid, 'never-signed-in']);

      const before = await admin.client.getLdapGroups(0, 200);
      const listed = before.groups.find((g) => g.primary_key === cn);
      expect(listed).to.deep.equal({ primary_key: cn, name: 'Engineering' });

      const group = await admin.client.linkLdapGroup(cn);
      expect(group).to.include({ source: 'ldap', remote_id: cn, display_name: 'Engineering', has_syncables: false });
      const after = await admin.client.getLdapGroups(0, 200);
      expect(after.groups.find((g) => g.primary_key === cn)).to.include({ mattermost_group_id: group.id, has_syncables: false });

      const team = await createTeamWith(admin.client, []);
      const channel = await createChannelWith(admin.client, team, [], 'P');
      await admin.client.linkGroupSyncable(group.id, team.id, SyncableType.Team, { auto_add: true, scheme_admin: false });
      await admin.client.linkGroupSyncable(group.id, channel.id, SyncableType.Channel, { auto_add: true, scheme_admin: false });
      await admin.client.syncLdap();

      const teamMembers = (await admin.client.getTeamMembers(team.id, 0, 100)).map((m) => m.user_id);
      expect(teamMembers).to.include.members([annUser.id, bobUser.id]);
      const channelMembers = (await admin.client.getChannelMembers(channel.id, 0, 100)).map((m) => m.user_id);
      expect(channelMembers).to.include.members([annUser.id, bobUser.id]);
      expect(channelMembers).to.have.length(3);

      const fetched = await admin.client.getGroup(group.id, true);
      expect(fetched).to.include({ member_count: 2, has_syncables: true });
      expect((await admin.client.getGroups({ q: 'Engineering', per_page: 200 } as never)).map((g: { id: string }) => g.id)).to.include(group.id);

      const inGroup = await admin.client.getProfilesInGroup(group.id, 0, 200);
      expect(inGroup.map((u) => u.id)).to.have.members([annUser.id, bobUser.id]);
      const notInGroup = (await admin.client.getProfilesNotInGroup(group.id, 0, 200)).map((u) => u.id);
      expect(notInGroup).to.include(admin.user.id).and.not.include(annUser.id).and.not.include(bobUser.id);
      expect((await admin.client.searchUsers(ann.uid, { in_group_id: group.id })).map((u) => u.id)).to.deep.equal([annUser.id]);

      await admin.client.unlinkLdapGroup(cn);
      await expectClientError(admin.client.getGroup(group.id), 404, 'app.group.no_rows');
    });

    it('reads one team or channel link and patches it (PUT .../patch): auto_add turned on adds the members at once; 404 once unlinked', async () => {
      const ann = person();
      const annUser = await ts.client().login(ann.uid, ann.password);
      const cn = uniqueName('sre');
      directory.setGroup(cn, 'SRE', [ann.uid]);
      const group = await admin.client.linkLdapGroup(cn);
      const team = await createTeamWith(admin.client, []);
      const channel = await createChannelWith(admin.client, team, [], 'P');
      // Client4 has no call for Mattermost's GET /groups/{id}/{teams|channels}/{syncable_id}: plain HTTP.
      const readLink = async (who: LoggedIn, kind: 'teams' | 'channels', id: string) => {
        const response = await fetch(`${ts.url}/api/v4/groups/${group.id}/${kind}/${id}`, { headers: { Authorization: `Bearer ${who.client.getToken()}` } });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };

      await admin.client.linkGroupSyncable(group.id, team.id, SyncableType.Team, { auto_add: false, scheme_admin: false });
      // The sync learns the group's members; a link without auto_add adds nobody.
      await admin.client.syncLdap();
      expect((await admin.client.getTeamMembers(team.id, 0, 100)).map((m) => m.user_id)).to.not.include(annUser.id);
      const read = await readLink(admin, 'teams', team.id);
      expect(read.status).to.equal(200);
      expect(read.body).to.include({ team_id: team.id, group_id: group.id, auto_add: false, scheme_admin: false, delete_at: 0 });

      const patched = await admin.client.patchGroupSyncable(group.id, team.id, SyncableType.Team, { auto_add: true });
      expect(patched).to.include({ team_id: team.id, group_id: group.id, auto_add: true, scheme_admin: false });
      expect((await admin.client.getTeamMembers(team.id, 0, 100)).map((m) => m.user_id)).to.include(annUser.id);
      expect(await admin.client.patchGroupSyncable(group.id, team.id, SyncableType.Team, { scheme_admin: true })).to.include({ auto_add: true, scheme_admin: true });

      await admin.client.linkGroupSyncable(group.id, channel.id, SyncableType.Channel, { auto_add: true, scheme_admin: false });
      expect((await readLink(admin, 'channels', channel.id)).body).to.include({ channel_id: channel.id, auto_add: true });
      await admin.client.unlinkGroupSyncable(group.id, channel.id, SyncableType.Channel);
      expect(await readLink(admin, 'channels', channel.id)).to.deep.include({ status: 404 });
      expect((await readLink(admin, 'channels', channel.id)).body.id).to.equal('app.group.no_rows');
      await expectClientError(admin.client.patchGroupSyncable(group.id, channel.id, SyncableType.Channel, { auto_add: false }), 404, 'app.group.no_rows');
      await expectClientError(admin.client.patchGroupSyncable(group.id, team.id, SyncableType.Team, { auto_add: 'yes' } as never), 400);
      await expectClientError(someone.client.patchGroupSyncable(group.id, team.id, SyncableType.Team, { auto_add: false }), 403);
      expect((await readLink(someone, 'teams', team.id)).status).to.equal(403);
    });

    it('answers 404 when linking a group the directory does not have', async () => {
      await expectClientError(admin.client.linkLdapGroup('no-such-group'), 404, 'api.ldap_group.not_found');
    });

    it('refuses group administration to someone who is not a system admin', async () => {
      const cn = uniqueName('ops');
      directory.setGroup(cn, 'Ops', []);
      const group = await admin.client.linkLdapGroup(cn);
      const team = await createTeamWith(admin.client, [someone.user.id]);
      await expectClientError(someone.client.getLdapGroups(), 403);
      await expectClientError(someone.client.linkLdapGroup(cn), 403);
      await expectClientError(someone.client.unlinkLdapGroup(cn), 403);
      await expectClientError(someone.client.linkGroupSyncable(group.id, team.id, SyncableType.Team, { auto_add: true, scheme_admin: false }), 403);
      await expectClientError(someone.client.getGroup(group.id), 403);
      await expectClientError(someone.client.getProfilesInGroup(group.id), 403); // who is in a directory group is the console's to see
      await expectClientError(someone.client.getProfilesNotInGroup(group.id), 403);
    });
  });

  describe('the schedule', () => {
    it('lets exactly one of several nodes claim a due sync', async () => {
      const name = uniqueName('LdapSyncClaim');
      const now = Date.now();
      const claims = await Promise.all([0, 1, 2, 3].map(() => ts.store.systems.claimPeriodicRun(name, now, 60_000)));
      expect(claims.filter(Boolean)).to.have.length(1);
      expect(await ts.store.systems.claimPeriodicRun(name, now + 30_000, 60_000)).to.equal(false);
      expect(await ts.store.systems.claimPeriodicRun(name, now + 60_000, 60_000)).to.equal(true);
    });
  });
});
