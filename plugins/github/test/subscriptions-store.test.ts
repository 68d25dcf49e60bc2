import { expect } from 'chai';
import { SubscriptionStore } from '../src/subscriptions/subscription-store.ts';
import type { Subscription } from '../src/subscriptions/subscription.ts';
import { FakeKv } from './subscriptions-fake-kv.ts';

const sub = (channel: string, repository: string, extra: Partial<Subscription> = {}): Subscription => ({
  channel_id: channel,
  creator_id: 'u1',
  repository,
  features: ['pulls'],
  exclude_org_member: false,
  render_style: 'default',
  exclude: [],
  ...extra,
});

describe('github subscriptions: store', () => {
  it('replaces a channel’s subscription to the same repository and answers the one replaced', async () => {
    const store = new SubscriptionStore(new FakeKv());
    expect(await store.save(sub('c1', 'octo/repo'))).to.equal(undefined);
    const replaced = await store.save(sub('c1', 'octo/repo', { features: ['pushes'] }));
    expect(replaced?.features).to.deep.equal(['pulls']);
    expect((await store.forChannel('c1')).map((s) => s.features)).to.deep.equal([['pushes']]);
  });

  it('finds repository and owner subscriptions for a delivery, leaving out excluded repositories', async () => {
    const store = new SubscriptionStore(new FakeKv());
    await store.save(sub('c1', 'octo/repo'));
    await store.save(sub('c2', 'octo'));
    await store.save(sub('c3', 'octo', { exclude: ['octo/repo'] }));
    await store.save(sub('c4', 'other/repo'));
    expect((await store.forRepository('Octo/Repo')).map((s) => s.channel_id)).to.deep.equal(['c1', 'c2']);
    expect((await store.forRepository('octo/else')).map((s) => s.channel_id)).to.deep.equal(['c2', 'c3']);
  });

  it('removes only the channel’s own subscription and says when there was none', async () => {
    const store = new SubscriptionStore(new FakeKv());
    await store.save(sub('c1', 'octo/repo'));
    await store.save(sub('c2', 'octo/repo'));
    expect(await store.remove('c1', 'octo/repo')).to.equal(true);
    expect(await store.remove('c1', 'octo/repo')).to.equal(false);
    expect((await store.forRepository('octo/repo')).map((s) => s.channel_id)).to.deep.equal(['c2']);
  });
});
