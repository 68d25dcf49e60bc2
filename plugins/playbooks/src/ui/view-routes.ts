// What the plugin's views (public/*.html) need beside Mattermost's REST API, which a view reaches only
// through the view bridge, i.e. only the plugin's own routes: the people of a team (names for owners
// and assignees, and whom to assign), and a run's channel address and status update messages (the
// run JSON holds only the posts' ids), and the channels a user may pick in the playbook editor (a
// run channel to link, broadcast channels). Each answers only what its caller may already see.
import { jsonResponse, type PluginAPI, type Router } from '@parley/plugin-api';
import { authenticated } from '../http/playbook-routes.ts';
import { badRequest, notAuthorized } from '../http/playbooks-error.ts';
import { PlaybookAccess } from '../playbooks/playbook-access.ts';
import type { RunService } from '../runs/run-service.ts';

export const PEOPLE_PATH = '/ui/people';
export const RUN_DETAILS_PATH = '/ui/runs/{id}/details';
export const CHANNELS_PATH = '/ui/channels';

/** A team larger than this lists its first members only (assignee pickers stay usable). */
const MAX_PEOPLE = 200;
/** The newest status updates shown on a run's page. */
const MAX_STATUS_UPDATES = 50;

export interface Person {
  id: string;
  username: string;
  display_name: string;
}

/** A channel as the editor's pickers name it. */
export interface PickableChannel {
  id: string;
  name: string;
  display_name: string;
  type: string;
}

export function addViewRoutes(router: Router, api: PluginAPI, runs: RunService): void {
  const person = async (userId: string): Promise<Person> => {
    const user = await api.users.get(userId).catch(() => null);
    if (!user) return { id: userId, username: userId, display_name: '' };
    return { id: user.id, username: user.username, display_name: [user.first_name, user.last_name].filter((part) => part).join(' ') || user.nickname || '' };
  };

  router
    .get(PEOPLE_PATH, authenticated(async (request) => {
      const teamId = request.query.team_id ?? '';
      if (teamId === '') throw badRequest('playbooks.ui.team_id', 'team_id is required');
      if (!(await new PlaybookAccess(api, request.user_id).canViewTeam(teamId))) throw notAuthorized(`user ${request.user_id} is not on team ${teamId}`);
      const members = await api.teams.getMembers(teamId, 0, MAX_PEOPLE);
      const people = await Promise.all(members.map((member) => person(member.user_id)));
      return jsonResponse(200, people.sort((a, b) => a.username.localeCompare(b.username)));
    }))
    .get(CHANNELS_PATH, authenticated(async (request) => {
      // The caller's own channels of the team they may post in: what Mattermost's broadcast channel
      // and linked channel selectors offer (a broadcast to a channel one cannot post in is refused).
      const teamId = request.query.team_id ?? '';
      if (teamId === '') throw badRequest('playbooks.ui.team_id', 'team_id is required');
      if (!(await new PlaybookAccess(api, request.user_id).canViewTeam(teamId))) throw notAuthorized(`user ${request.user_id} is not on team ${teamId}`);
      const channels = await api.channels.listForUser(teamId, request.user_id);
      const postable = await Promise.all(channels.map((channel) => api.users.hasPermission(request.user_id, 'create_post', { channel_id: channel.id }).catch(() => false)));
      const picked: PickableChannel[] = channels.filter((_channel, i) => postable[i]).map((channel) => ({ id: channel.id, name: channel.name, display_name: channel.display_name, type: channel.type }));
      return jsonResponse(200, picked);
    }))
    .get(RUN_DETAILS_PATH, authenticated(async (request) => {
      // The run's own checks: whoever may see the run may see these.
      const run = (await runs.get(new PlaybookAccess(api, request.user_id), request.params.id!)) as { channel_id: string; team_id: string; status_posts: Array<{ id: string; delete_at: number }> };
      const [channel, team] = await Promise.all([api.channels.get(run.channel_id).catch(() => null), api.teams.get(run.team_id).catch(() => null)]);
      const postIds = run.status_posts.filter((post) => post.delete_at === 0).slice(-MAX_STATUS_UPDATES).map((post) => post.id);
      // A deleted update is left out.
      const posts = (await Promise.all(postIds.map((id) => api.posts.get(id).catch(() => null)))).filter((post) => post !== null);
      const authors = new Map((await Promise.all([...new Set(posts.map((post) => post.user_id))].map(person))).map((author) => [author.id, author]));
      return jsonResponse(200, {
        channel: channel && team ? { id: channel.id, display_name: channel.display_name, url: `/${team.name}/channels/${channel.name}` } : null,
        status_updates: posts.reverse().map((post) => ({ id: post.id, message: post.message, create_at: post.create_at, author: authors.get(post.user_id) })),
      });
    }));
}
