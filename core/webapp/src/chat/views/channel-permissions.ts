// What I may do in a channel, as Mattermost's web app decides what to show: the permissions of all my
// roles there (system, team and channel roles, read with POST /roles/names). The server checks again;
// this only keeps buttons away from people who could not use them.
import { useEffect, useState } from 'react';
import type { ServerChannel } from '@mattermost/types/channels';
import { client } from '../../client.ts';
import { useChat } from '../chat-store.ts';

const NONE: ReadonlySet<string> = new Set();

export function useChannelPermissions(channel: ServerChannel): ReadonlySet<string> {
  const systemRoles = useChat((s) => s.me.roles);
  const teamRoles = useChat((s) => s.teamMembers[channel.team_id]?.roles ?? '');
  const channelRoles = useChat((s) => s.myMembers[channel.id]?.roles ?? '');
  const names = [...new Set(`${systemRoles} ${teamRoles} ${channelRoles}`.split(' ').filter(Boolean))].sort().join(' ');
  const [permissions, setPermissions] = useState<ReadonlySet<string>>(NONE);
  useEffect(() => {
    let current = true;
    client.getRolesByNames(names.split(' ')).then(
      (roles) => current && setPermissions(new Set(roles.flatMap((role) => role.permissions))),
      () => current && setPermissions(NONE), // without the roles nothing extra is offered; the lists still show
    );
    return () => {
      current = false;
    };
  }, [names]);
  return permissions;
}

/** Whether I may add and remove the channel's members (a public or private channel only). */
export function canManageMembers(channel: ServerChannel, permissions: ReadonlySet<string>): boolean {
  if (channel.type === 'O') return permissions.has('manage_public_channel_members');
  if (channel.type === 'P') return permissions.has('manage_private_channel_members');
  return false;
}

export function canManageRoles(channel: ServerChannel, permissions: ReadonlySet<string>): boolean {
  return (channel.type === 'O' || channel.type === 'P') && permissions.has('manage_channel_roles');
}
