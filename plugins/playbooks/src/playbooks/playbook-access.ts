// Who may do what with a playbook, by Mattermost's rules (server/app/permissions_service.go and the
// default playbook roles): a playbook belongs to a team and nobody outside the team reaches it;
// inside, its members act by their roles, and a public playbook makes every team member (guests
// excepted) a playbook_member. System admins may do everything. One instance per request: the
// answers it asks the server for are kept for the request's length.
import type { PluginAPI } from '@parley/plugin-api';
import { notAuthorized } from '../http/playbooks-error.ts';
import { PLAYBOOK_ADMIN, PLAYBOOK_MEMBER, type PlaybookInput } from './playbook.ts';

type PlaybookPermission = 'view' | 'manage_properties' | 'manage_members' | 'manage_roles' | 'change_visibility';

/** Mattermost's default permissions of the two playbook roles. */
const ROLE_PERMISSIONS: Record<string, readonly PlaybookPermission[]> = {
  [PLAYBOOK_MEMBER]: ['view', 'manage_properties', 'manage_members'],
  [PLAYBOOK_ADMIN]: ['view', 'manage_properties', 'manage_members', 'manage_roles', 'change_visibility'],
};

export class PlaybookAccess {
  readonly userId: string;
  #api: PluginAPI;
  #systemAdmin: Promise<boolean> | undefined;
  #teamPermissions = new Map<string, Promise<boolean>>();

  constructor(api: PluginAPI, userId: string) {
    this.#api = api;
    this.userId = userId;
  }

  isSystemAdmin(): Promise<boolean> {
    this.#systemAdmin ??= this.#api.users.get(this.userId).then((user) => user.roles.split(' ').includes('system_admin'));
    return this.#systemAdmin;
  }

  /** Whether the caller belongs to the team (system admins reach every team). */
  canViewTeam(teamId: string): Promise<boolean> {
    return this.#teamPermission(this.userId, teamId, 'view_team');
  }

  /** The caller's roles on the playbook: none outside its team. */
  async rolesOf(playbook: PlaybookInput): Promise<string[]> {
    if (!(await this.canViewTeam(playbook.team_id))) return [];
    const member = playbook.members.find((candidate) => candidate.user_id === this.userId);
    if (member) return member.roles;
    // A public playbook is open to those who may list the team's channels: members, not guests.
    if (playbook.public && (await this.#teamPermission(this.userId, playbook.team_id, 'list_team_channels'))) return [PLAYBOOK_MEMBER];
    return [];
  }

  async has(playbook: PlaybookInput, permission: PlaybookPermission): Promise<boolean> {
    if (await this.isSystemAdmin()) return true;
    return (await this.rolesOf(playbook)).some((role) => ROLE_PERMISSIONS[role]?.includes(permission));
  }

  async isPlaybookAdmin(playbook: PlaybookInput): Promise<boolean> {
    return (await this.rolesOf(playbook)).includes(PLAYBOOK_ADMIN);
  }

  async canView(playbook: PlaybookInput): Promise<boolean> {
    return (await this.canViewTeam(playbook.team_id)) && (await this.has(playbook, 'view'));
  }

  async requireView(playbook: PlaybookInput): Promise<void> {
    if (!(await this.canView(playbook))) throw notAuthorized(`user ${this.userId} may not see playbook ${playbook.id}`);
  }

  /** Creating in a team takes its membership, posting rights in each broadcast channel, and invitees from the team. */
  async requireCreate(playbook: PlaybookInput): Promise<void> {
    if (!(await this.canViewTeam(playbook.team_id))) throw notAuthorized(`user ${this.userId} does not have permission to create playbooks in team ${playbook.team_id}`);
    await this.#requirePostingIn(playbook.broadcast_channel_ids);
    for (const invitee of playbook.invited_user_ids) {
      if (!(await this.#teamPermission(invitee, playbook.team_id, 'view_team'))) throw notAuthorized(`invited user ${invitee} is not a member of the playbook's team`);
    }
  }

  /** Editing: a member's right, or only a playbook admin's when the playbook says admin_only_edit. */
  async requireEdit(playbook: PlaybookInput): Promise<void> {
    if (!playbook.admin_only_edit) {
      if (await this.has(playbook, 'manage_properties')) return;
      throw notAuthorized(`user ${this.userId} may not edit playbook ${playbook.id}`);
    }
    if ((await this.isSystemAdmin()) || (await this.isPlaybookAdmin(playbook))) return;
    throw notAuthorized(`playbook ${playbook.id} can be edited by its admins only`);
  }

  /**
   * The checks of a PUT, which replaces the playbook whole: each kind of change needs its own right
   * (members, roles, team, visibility, the admin-only flags, new broadcast channels). Invitees who
   * left the team are dropped and a default owner outside it is cleared, as Mattermost does.
   */
  async requireUpdate(next: PlaybookInput, old: PlaybookInput): Promise<PlaybookInput> {
    await this.requireEdit(old);
    const admin = (await this.isSystemAdmin()) || (await this.isPlaybookAdmin(old));
    if ((old.admin_only_edit !== next.admin_only_edit || old.owner_group_only_actions !== next.owner_group_only_actions) && !admin) {
      throw notAuthorized('only a playbook admin can change admin_only_edit and owner_group_only_actions');
    }
    await this.#requirePostingIn(next.broadcast_channel_ids.filter((id) => !old.broadcast_channel_ids.includes(id)));
    if (membersKey(old.members) !== membersKey(next.members)) {
      if (!(await this.has(old, 'manage_members'))) throw notAuthorized('attempted to modify members without permissions');
      const oldRoles = new Map(old.members.map((member) => [member.user_id, member.roles.join(',')]));
      const rolesChanged = next.members.some((member) => {
        const before = oldRoles.get(member.user_id);
        const addedAsMember = before === undefined && member.roles.length === 1 && member.roles[0] === PLAYBOOK_MEMBER;
        return !addedAsMember && before !== member.roles.join(',');
      });
      if (rolesChanged && !(await this.has(old, 'manage_roles'))) throw notAuthorized('attempted to change member roles without permissions');
    }
    if (old.team_id !== next.team_id) {
      if (!(await this.has(old, 'manage_members'))) throw notAuthorized('attempted to change playbook team without manage members permission');
      if (!(await this.canViewTeam(next.team_id))) throw notAuthorized(`user ${this.userId} does not have access to destination team ${next.team_id}`);
    }
    if (old.public !== next.public && !(await this.has(old, 'change_visibility'))) throw notAuthorized(`attempted to make the playbook ${next.public ? 'public' : 'private'} without permissions`);

    const invited: string[] = [];
    for (const invitee of next.invited_user_ids) if (await this.#teamPermission(invitee, next.team_id, 'view_team')) invited.push(invitee);
    const ownerStays = next.default_owner_id === '' || (await this.#teamPermission(next.default_owner_id, next.team_id, 'view_team'));
    return { ...next, invited_user_ids: invited, ...(ownerStays ? {} : { default_owner_id: '', default_owner_enabled: false }) };
  }

  async #requirePostingIn(channelIds: string[]): Promise<void> {
    for (const channelId of channelIds) {
      const allowed = await this.#api.users.hasPermission(this.userId, 'create_post', { channel_id: channelId }).catch(() => false);
      if (!allowed) throw notAuthorized(`user ${this.userId} does not have permission to create posts in channel ${channelId}`);
    }
  }

  #teamPermission(userId: string, teamId: string, permission: string): Promise<boolean> {
    const key = `${userId}:${teamId}:${permission}`;
    let answer = this.#teamPermissions.get(key);
    if (!answer) {
      // An id that names no user (an invitee typed wrong) holds no permission.
      answer = this.#api.users.hasPermission(userId, permission, { team_id: teamId }).catch(() => false);
      this.#teamPermissions.set(key, answer);
    }
    return answer;
  }
}

function membersKey(members: PlaybookInput['members']): string {
  return JSON.stringify(members.map((member) => [member.user_id, member.roles]));
}
