import { expect } from 'chai';
import type { PluginAPI } from '@parley/plugin-api';
import { canManageSubscriptions } from '../src/subscriptions/subscription-permission.ts';

/** An api whose users hold `granted` ("user:permission:channel") and whose channels have the given types and members. */
function fakeApi(granted: string[], channels: Record<string, { type: string; members: string[] }>): PluginAPI {
  return {
    users: { hasPermission: async (user: string, permission: string, scope?: { channel_id?: string }) => granted.includes(`${user}:${permission}:${scope?.channel_id ?? ''}`) },
    channels: {
      get: async (id: string) => ({ id, type: channels[id].type }),
      getMember: async (id: string, user: string) => {
        if (!channels[id].members.includes(user)) throw Object.assign(new Error('not a member'), { id: 'app.channel.get_member.missing.app_error' });
        return { channel_id: id, user_id: user };
      },
    },
  } as unknown as PluginAPI;
}

describe('github subscriptions: who may change them', () => {
  const channels = { open: { type: 'O', members: [] }, closed: { type: 'P', members: [] }, dm: { type: 'D', members: ['ann', 'bob'] } };

  it('lets system admins change any channel’s subscriptions', async () => {
    const api = fakeApi(['root:manage_system:'], channels);
    for (const channel of Object.keys(channels)) expect(await canManageSubscriptions(api, 'root', channel), channel).to.equal(true);
  });

  it('asks for the channel-management permission that fits the channel’s type', async () => {
    const api = fakeApi(['ann:manage_public_channel_properties:open', 'ann:manage_public_channel_properties:closed'], channels);
    expect(await canManageSubscriptions(api, 'ann', 'open')).to.equal(true);
    expect(await canManageSubscriptions(api, 'ann', 'closed')).to.equal(false);
    expect(await canManageSubscriptions(fakeApi(['ann:manage_private_channel_properties:closed'], channels), 'ann', 'closed')).to.equal(true);
    expect(await canManageSubscriptions(api, 'eve', 'open')).to.equal(false);
  });

  it('lets the members of a direct message, and only them, subscribe it', async () => {
    const api = fakeApi([], channels);
    expect(await canManageSubscriptions(api, 'bob', 'dm')).to.equal(true);
    expect(await canManageSubscriptions(api, 'eve', 'dm')).to.equal(false);
  });
});
