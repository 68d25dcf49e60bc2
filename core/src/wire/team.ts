// Teams and team members as Mattermost's API shows them, and the bodies that create, change and join
// teams.
import type { Team as WireTeam, TeamMembership, TeamStats as WireTeamStats, TeamType } from '@mattermost/types/teams';
import type { Team } from '../store/entities/team.ts';
import type { TeamMember } from '../store/entities/team-member.ts';
import type { NewTeamInput, TeamChangesInput, TeamMemberOutcome, TeamSearchInput, TeamStats, TeamView, TeamVisibility } from '../app/team-service.ts';
import { memberRoles, parseRoles } from '../app/roles.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** Mattermost's TeamMember JSON: the client's TeamMembership without the unread counts (those come from /teams/unread). */
export type WireTeamMember = Pick<TeamMembership, 'team_id' | 'user_id' | 'roles' | 'delete_at' | 'scheme_guest' | 'scheme_user' | 'scheme_admin'> & {
  explicit_roles: string;
};

/** What the team's admins, and the events about a team, show. */
export const FULL_VIEW: TeamVisibility = { showEmail: true, showInviteId: true };

/** More role names than any member holds are refused outright; the service checks which are allowed. */
const MAX_ROLE_NAMES = 16;

export function toWireTeam(team: Team, visibility: TeamVisibility): WireTeam {
  return {
    id: team.id,
    create_at: team.createAt,
    update_at: team.updateAt,
    delete_at: team.deleteAt,
    display_name: team.displayName,
    name: team.name,
    description: team.description,
    email: visibility.showEmail ? team.email : '',
    type: team.type as TeamType,
    company_name: team.companyName,
    allowed_domains: team.allowedDomains,
    invite_id: visibility.showInviteId ? team.inviteId : '',
    allow_open_invite: team.allowOpenInvite,
    last_team_icon_update: team.lastTeamIconUpdate,
    // Parley has no permission schemes or retention policies.
    scheme_id: '',
    group_constrained: team.groupConstrained,
    policy_id: null,
  };
}

/** A team as the viewer the service sanitized it for sees it. */
export function toClientTeam(view: TeamView): WireTeam {
  return toWireTeam(view.team, view.visibility);
}

export function toWireTeamMember(member: TeamMember): WireTeamMember {
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

export function toWireTeamStats(stats: TeamStats): WireTeamStats {
  return { team_id: stats.teamId, total_member_count: stats.totalMemberCount, active_member_count: stats.activeMemberCount };
}

/** Mattermost's Team JSON a client sends to create one (POST /teams). */
export function decodeNewTeam(body: unknown, refuse: Refusal = paramRefusal): NewTeamInput {
  const fields = JsonFields.of(body, 'team', refuse);
  return {
    name: fields.string('name'),
    displayName: fields.string('display_name'),
    description: fields.string('description'),
    email: fields.string('email'),
    type: fields.string('type', {}, 'O'),
    companyName: fields.string('company_name'),
    allowedDomains: fields.string('allowed_domains'),
    allowOpenInvite: fields.boolean('allow_open_invite'),
  };
}

/**
 * A change to a team: PUT /teams/{id}/patch and PUT /teams/{id} both change only the fields they hold;
 * a full team (PUT) that names an id must name this one.
 */
export function decodeTeamChanges(body: unknown, how: { teamId: string; patch: boolean }, refuse: Refusal = paramRefusal): TeamChangesInput {
  const fields = JsonFields.of(body, 'team', refuse);
  if (!how.patch && fields.has('id') && fields.string('id') !== how.teamId) throw refuse('id', 'does not match the team in the URL');
  const text = (name: string) => (fields.has(name) ? fields.string(name) : undefined);
  return {
    displayName: text('display_name'),
    description: text('description'),
    companyName: text('company_name'),
    allowedDomains: text('allowed_domains'),
    email: text('email'),
    type: text('type'),
    allowOpenInvite: fields.has('allow_open_invite') ? fields.boolean('allow_open_invite') : undefined,
    groupConstrained: fields.has('group_constrained') ? fields.boolean('group_constrained') : undefined,
  };
}

/** The user a TeamMember body (POST /teams/{id}/members) adds; a team it names must be this one. */
export function decodeTeamMemberUserId(body: unknown, teamId: string, refuse: Refusal = paramRefusal): string {
  const fields = JsonFields.of(body, 'team_member', refuse);
  if (fields.has('team_id') && fields.string('team_id') !== teamId) throw refuse('team_id', 'does not match the team in the URL');
  return fields.id('user_id');
}

/** Mattermost's MaxAddMembersBatch. */
const MAX_ADD_MEMBERS_BATCH = 256;

/** POST /teams/{id}/members/batch: 1 to 256 of Mattermost's TeamMember `{team_id, user_id}`, each of this team. */
export function decodeTeamMembersBatch(body: unknown, teamId: string): string[] {
  if (!Array.isArray(body)) throw paramRefusal('members', 'expected a JSON array of team members');
  if (body.length === 0) throw paramRefusal('members', 'no members in batch');
  if (body.length > MAX_ADD_MEMBERS_BATCH) throw paramRefusal('members', `too many members in batch (at most ${MAX_ADD_MEMBERS_BATCH})`);
  return body.map((member) => decodeTeamMemberUserId(member, teamId));
}

/** A graceful batch add's answer (Mattermost's TeamMemberWithError list). */
export function toWireTeamMemberOutcomes(outcomes: readonly TeamMemberOutcome[]) {
  return outcomes.map((o) => ({
    user_id: o.userId,
    member: o.member && toWireTeamMember(o.member),
    error: o.error && { id: o.error.id, message: o.error.message, status_code: o.error.status },
  }));
}

/** PUT /teams/{id}/members/{user_id}/roles: Mattermost's space-separated names, or the list Client4's typings send. */
export function decodeTeamMemberRoles(body: unknown, refuse: Refusal = paramRefusal): string[] {
  const fields = JsonFields.of(body, 'roles', refuse);
  if (!fields.has('roles')) throw refuse('roles', 'expected a space-separated string of role names');
  const given = fields.isList('roles') ? fields.stringList('roles', { maxItems: MAX_ROLE_NAMES }) : [fields.string('roles', { max: 1024 })];
  return given.flatMap(parseRoles);
}

/** Largest page of a team search. */
const MAX_SEARCH_PAGE = 200;

/** Mattermost's TeamSearch (POST /teams/search): a term, and optionally allow_open_invite, page and per_page. */
export function decodeTeamSearch(body: unknown, refuse: Refusal = paramRefusal): TeamSearchInput {
  const fields = JsonFields.of(body, 'team_search', refuse);
  const optional = (name: string) => (fields.has(name) ? fields.integer(name, { min: 0, max: 1_000_000 }, 0) : null);
  const perPage = optional('per_page');
  return {
    term: fields.string('term', { max: 64 }),
    allowOpenInvite: fields.has('allow_open_invite') ? fields.boolean('allow_open_invite') : null,
    page: optional('page'),
    // As Mattermost's per_page everywhere: at most 200.
    perPage: perPage === null ? null : Math.min(perPage, MAX_SEARCH_PAGE),
  };
}
