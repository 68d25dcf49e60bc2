// Teams and team members as Mattermost's API shows them.
import type { Team } from '../store/entities/team.ts';
import type { TeamMember } from '../store/entities/team-member.ts';
import { memberRoles } from '../app/roles.ts';
/** Which of a team's fields a viewer may see (Mattermost's SanitizeTeam). */
export interface TeamView {
  showEmail: boolean;
  showInviteId: boolean;
}
/** What the team's admins, and the events about a team, show. */
export const FULL_VIEW: TeamView = { showEmail: true, showInviteId: true };

export function toWireTeam(team: Team, view: TeamView) {
  return {
    id: team.id,
    create_at: team.createAt,
    update_at: team.updateAt,
    delete_at: team.deleteAt,
    display_name: team.displayName,
    name: team.name,
    description: team.description,
    email: view.showEmail ? team.email : '',
    type: team.type,
    company_name: team.companyName,
    allowed_domains: team.allowedDomains,
    invite_id: view.showInviteId ? team.inviteId : '',
    allow_open_invite: team.allowOpenInvite,
    last_team_icon_update: team.lastTeamIconUpdate,
    scheme_id: null,
    group_constrained: null,
    policy_id: null,
  };
}

export function toWireTeamMember(member: TeamMember) {
  return {
    team_id: member.teamId,
    user_id: member.userId,
    roles: memberRoles('team', member),
    delete_at: member.deleteAt,
    scheme_guest: member.schemeGuest,
    scheme_user: member.schemeUser,
    scheme_admin: member.schemeAdmin,
    explicit_roles: member.roles,
  };
}
