import { expect } from 'chai';
import { MemberIndex, type MembershipSource } from '../../core/src/ws/member-index.ts';
import { Audience } from '../../core/src/ws/audience.ts';

/** A membership source whose loads the test releases by hand. */
function heldSource(memberships: Record<string, { channelIds: string[]; teamIds: string[] }>) {
  const pending: Array<() => void> = [];
  const source: MembershipSource = {
    membershipsOf: (userId) =>
      new Promise((resolve) => pending.push(() => resolve(structuredClone(memberships[userId] ?? { channelIds: [], teamIds: [] })))),
  };
  return { source, releaseAll: () => pending.splice(0).forEach((release) => release()) };
}

describe('MemberIndex', () => {
  it('knows the members of a channel and team once a tracked user is loaded', async () => {
    const { source, releaseAll } = heldSource({ u1: { channelIds: ['c1', 'c2'], teamIds: ['t1'] } });
    const index = new MemberIndex(source);
    const tracked = index.track('u1');
    expect([...index.membersOf('channel', 'c1')]).to.deep.equal([]);
    releaseAll();
    await tracked;
    expect([...index.membersOf('channel', 'c1')]).to.deep.equal(['u1']);
    expect([...index.membersOf('team', 't1')]).to.deep.equal(['u1']);
    expect(index.isMember('channel', 'c2', 'u1')).to.equal(true);
    expect(index.isMember('channel', 'c3', 'u1')).to.equal(false);
  });

  it('applies changes seen while a user loads on top of what was loaded, in order', async () => {
    const { source, releaseAll } = heldSource({ u1: { channelIds: ['c1'], teamIds: [] } });
    const index = new MemberIndex(source);
    const tracked = index.track('u1');
    index.apply({ scope: 'channel', id: 'c2', userIds: ['u1'], joined: true });
    index.apply({ scope: 'channel', id: 'c1', userIds: ['u1'], joined: false });
    index.apply({ scope: 'channel', id: 'c3', userIds: ['u1'], joined: true });
    index.apply({ scope: 'channel', id: 'c3', userIds: ['u1'], joined: false });
    releaseAll();
    await tracked;
    expect(['c1', 'c2', 'c3'].filter((c) => index.isMember('channel', c, 'u1'))).to.deep.equal(['c2']);
  });

  it('ignores changes about users it does not track, and forgets a user with their last connection', async () => {
    const { source, releaseAll } = heldSource({ u1: { channelIds: ['c1'], teamIds: ['t1'] } });
    const index = new MemberIndex(source);
    index.apply({ scope: 'channel', id: 'c1', userIds: ['stranger'], joined: true });
    expect([...index.membersOf('channel', 'c1')]).to.deep.equal([]);
    const first = index.track('u1');
    const second = index.track('u1');
    releaseAll();
    await Promise.all([first, second]);
    index.untrack('u1');
    expect([...index.membersOf('channel', 'c1')]).to.deep.equal(['u1']);
    index.untrack('u1');
    expect([...index.membersOf('channel', 'c1')]).to.deep.equal([]);
    expect([...index.membersOf('team', 't1')]).to.deep.equal([]);
  });

  it('drops a load whose user left before it finished, and rejects when the load fails', async () => {
    const { source, releaseAll } = heldSource({ u1: { channelIds: ['c1'], teamIds: [] } });
    const index = new MemberIndex(source);
    const tracked = index.track('u1');
    index.untrack('u1');
    releaseAll();
    await tracked;
    expect([...index.membersOf('channel', 'c1')]).to.deep.equal([]);
    const failing = new MemberIndex({ membershipsOf: () => Promise.reject(new Error('database down')) });
    let error: unknown;
    await failing.track('u2').catch((err: unknown) => (error = err));
    expect(error).to.be.an('error');
  });

  it("resolves a channel's audience at once while the membership lookup of another channel's member never answers", async () => {
    const stuck: MembershipSource = {
      membershipsOf: (userId) =>
        userId === 'slow' ? new Promise(() => {}) : Promise.resolve({ channelIds: ['c2'], teamIds: ['t1'] }),
    };
    const index = new MemberIndex(stuck);
    void index.track('slow'); // a member of c1 whose lookup hangs, as under a database stall
    await index.track('u1');
    const audience = Audience.of({ channel_id: 'c2' }, index);
    expect(audience.accepts({ id: 'conn-u1', userId: 'u1', session: { roles: ['system_user'] } })).to.equal(true);
    expect(audience.accepts({ id: 'conn-slow', userId: 'slow', session: { roles: ['system_user'] } })).to.equal(false);
  });

  it('reads every tracked user afresh on reloadAll, replacing what it may have missed', async () => {
    const memberships = { u1: { channelIds: ['c1'], teamIds: ['t1'] } };
    const { source, releaseAll } = heldSource(memberships);
    const index = new MemberIndex(source);
    const tracked = index.track('u1');
    releaseAll();
    await tracked;
    memberships.u1 = { channelIds: ['c2'], teamIds: ['t1'] };
    const reloading = index.reloadAll();
    index.apply({ scope: 'channel', id: 'c3', userIds: ['u1'], joined: true });
    releaseAll();
    await reloading;
    expect(['c1', 'c2', 'c3'].filter((c) => index.isMember('channel', c, 'u1'))).to.deep.equal(['c2', 'c3']);
    expect([...index.membersOf('channel', 'c1')]).to.deep.equal([]);
  });
});
