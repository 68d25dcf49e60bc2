import { expect } from 'chai';
import type { Group } from '@mattermost/types/groups';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { newId } from '../../core/src/app/ids.ts';

describe('a user’s groups API', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;
  let bob: LoggedIn;
  let engineering: string;
  let design: string;

  /** A directory group as the LDAP sync leaves it: linked, with its members. */
  async function linkedGroup(displayName: string, memberIds: string[]): Promise<string> {
    const now = Date.now();
    const id = await ts.store.groups.link({ id: newId(), name: uniqueName('group'), displayName, source: 'ldap', remoteId: uniqueName('cn'), now });
    await ts.store.groups.setMembers(id, memberIds, now);
    return id;
  }

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
    bob = await createUser(ts, admin.client);
    engineering = await linkedGroup('Engineering', [alice.user.id, bob.user.id]);
    design = await linkedGroup('Design', [alice.user.id]);
    await linkedGroup('Sales', [bob.user.id]);
  });
  after(async () => {
    await ts.close();
  });

  it('lists the groups a user is in to a system admin, by display name', async () => {
    const groups: Group[] = await admin.client.getGroupsByUserId(alice.user.id);
    expect(groups.map((g) => g.id)).to.deep.equal([design, engineering]);
    expect(groups[1]).to.include({ display_name: 'Engineering', source: 'ldap', member_count: 2, allow_reference: false });
  });

  it('shows a user only their own groups that may be mentioned (none of these), and no one else’s', async () => {
    expect(await alice.client.getGroupsByUserId(alice.user.id)).to.deep.equal([]);
    await expectClientError(alice.client.getGroupsByUserId(bob.user.id), 403, 'api.context.permissions.app_error');
  });

  it('drops a group the user left, and refuses a malformed user id', async () => {
    await ts.store.groups.setMembers(design, [], Date.now());
    expect((await admin.client.getGroupsByUserId(alice.user.id)).map((g: Group) => g.id)).to.deep.equal([engineering]);
    await expectClientError(admin.client.getGroupsByUserId('nobody'), 400, 'api.context.invalid_param.app_error');
  });
});
