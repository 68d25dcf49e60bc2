// User Management > Teams: every team (GET /teams; POST /teams/search with a term), a page at a
// time, each linking to its page of members, privacy and archiving. Archived teams are left out,
// as the server lists them.
import type { Team, TeamsWithCount } from '@mattermost/types/teams';
import { client } from './client.ts';
import { PageHeading } from './page-heading.tsx';
import { NavLink } from './nav-link.tsx';
import { teamPath } from './console-paths.ts';
import { PagedRows, PER_PAGE, usePagedList } from './paged-list.tsx';

async function loadTeams(term: string, page: number): Promise<Team[]> {
  // Paged, the server answers {teams, total_count} (Client4's overloads have the two answers swapped).
  if (term.trim()) return ((await client.searchTeams(term.trim(), { page, per_page: PER_PAGE })) as unknown as TeamsWithCount).teams;
  return (await client.getTeams(page, PER_PAGE, false)) as Team[];
}

export function teamPrivacy(team: Team): string {
  return team.allow_open_invite ? 'Anyone can join' : 'Invite only';
}

export function TeamsPage() {
  const list = usePagedList(loadTeams, '', 'teams');
  return (
    <>
      <PageHeading>Teams</PageHeading>
      <form role="search" className="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="teams-search">Search teams</label>
        <input id="teams-search" type="search" value={list.term} onChange={(e) => list.setTerm(e.target.value)} placeholder="Team name" />
      </form>
      <PagedRows list={list} label="Teams" empty={list.term ? `No team matches “${list.term}”.` : 'There are no teams.'}>
        {(teams) => (
          <table className="console-table">
            <caption className="visually-hidden">Teams</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Management</th>
              </tr>
            </thead>
            <tbody>
              {teams.map((team) => (
                <tr key={team.id}>
                  <th scope="row">
                    <NavLink to={teamPath(team.id)}>{team.display_name}</NavLink>
                    <span className="subtitle"> {team.name}</span>
                  </th>
                  <td>{teamPrivacy(team)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedRows>
    </>
  );
}
