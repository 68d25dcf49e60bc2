// The JSON of groups (Mattermost's Group, GroupTeam/GroupChannel links, the LDAP groups listing).
import type { Group, MixedUnlinkedGroup } from '@mattermost/types/groups';
import type { GroupMemberCount, GroupRow, GroupSyncableRow, SyncableKind } from '../store/group-repository.ts';
import type { DirectoryGroup } from '../app/ldap-groups.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

export function toWireGroup(group: GroupRow): Group {
  return {
    id: group.id,
    name: group.name ?? '',
    display_name: group.displayName,
    description: group.description,
    source: group.source,
    remote_id: group.remoteId,
    create_at: group.createAt,
    update_at: group.updateAt,
    delete_at: group.deleteAt,
    has_syncables: group.hasSyncables,
    member_count: group.memberCount,
    scheme_admin: false,
    allow_reference: group.allowReference,
  };
}

export function toWireDirectoryGroup(group: DirectoryGroup): MixedUnlinkedGroup {
  return {
    primary_key: group.primaryKey,
    name: group.name,
    ...(group.linked ? { mattermost_group_id: group.linked.id, has_syncables: group.linked.hasSyncables } : {}),
  };
}

export function toWireGroupSyncable(kind: SyncableKind, link: GroupSyncableRow): Record<string, unknown> {
  return {
    [`${kind}_id`]: link.syncableId,
    group_id: link.groupId,
    auto_add: link.autoAdd,
    scheme_admin: link.schemeAdmin,
    create_at: link.createAt,
    update_at: link.updateAt,
    delete_at: link.deleteAt,
  };
}

/** The body of POST /groups/{id}/{teams|channels}/{syncable_id}/link (may be empty: auto_add defaults to true as in Mattermost's web app). */
export function decodeSyncablePatch(body: unknown, refuse: Refusal = paramRefusal): { autoAdd: boolean; schemeAdmin: boolean } {
  const fields = JsonFields.of(body ?? {}, 'patch', refuse);
  return { autoAdd: fields.boolean('auto_add', true), schemeAdmin: fields.boolean('scheme_admin') };
}

/** The body of PUT /groups/{id}/{teams|channels}/{syncable_id}/patch: Mattermost's GroupSyncablePatch, each field optional. */
export function decodeSyncablePatchUpdate(body: unknown, refuse: Refusal = paramRefusal): { autoAdd?: boolean; schemeAdmin?: boolean } {
  const fields = JsonFields.of(body ?? {}, 'patch', refuse);
  return {
    ...(fields.has('auto_add') ? { autoAdd: fields.boolean('auto_add') } : {}),
    ...(fields.has('scheme_admin') ? { schemeAdmin: fields.boolean('scheme_admin') } : {}),
  };
}

/** Mattermost's ChannelMemberCountByGroup. */
export function toWireGroupMemberCount(count: GroupMemberCount): Record<string, unknown> {
  return { group_id: count.groupId, channel_member_count: count.channelMemberCount, channel_member_timezones_count: count.channelMemberTimezonesCount };
}
