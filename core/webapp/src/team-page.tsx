// User Management > Teams > one team (Mattermost's Team Configuration): its name, who may join
// (anyone, or by invitation only: PUT /teams/{id}/patch with type and allow_open_invite), Archive
// Team / Unarchive Team (DELETE /teams/{id}, POST /teams/{id}/restore), and its members.
import { useMemo, useState } from 'react';
import { client } from './client.ts';
import { PageHeading } from './page-heading.tsx';
import { NavLink } from './nav-link.tsx';
import { PAGES } from './console-paths.ts';
import { ActionStatus } from './action-status.tsx';
import { RecordNotFound, useConsoleRecord } from './console-record.tsx';
import { ConfirmDialog, type Confirmation } from './confirm-dialog.tsx';
import { ConsoleMembers, type MembersSource } from './console-members.tsx';
import { PER_PAGE } from './paged-list.tsx';
import { teamPrivacy } from './teams-page.tsx';
import { ArchiveButton } from './archive-button.tsx';

export function TeamPage({ teamId }: { teamId: string }) {
  const { record: team, loadError, ...action } = useConsoleRecord(() => client.getTeam(teamId), 'team');
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);

  const archived = (team?.delete_at ?? 0) > 0;
  const members = useMemo<MembersSource>(
    () => ({
      kind: 'team',
      adminRole: 'Team Admin',
      list: (page) => client.getTeamMembers(teamId, page, PER_PAGE),
      add: (userId) => client.addToTeam(teamId, userId),
      remove: (userId) => client.removeFromTeam(teamId, userId),
      setAdmin: (userId, admin) => client.updateTeamMemberRoles(teamId, userId, admin ? ['team_user', 'team_admin'] : ['team_user']),
      editable: !archived,
    }),
    [teamId, archived],
  );

  if (loadError) return <RecordNotFound title="Team not found" error={loadError} back={PAGES.teams} backLabel="Back to Teams" />;
  if (!team) return <p role="status">Loading…</p>;

  const act = action.act;
  const setOpen = (open: boolean) =>
    act(() => client.patchTeam({ id: team.id, type: open ? 'O' : 'I', allow_open_invite: open }), open ? `Anyone with an account can now join ${team.display_name}.` : `${team.display_name} can now be joined by invitation only.`);

  return (
    <>
      <PageHeading>Team Configuration: {team.display_name}</PageHeading>
      <NavLink to={PAGES.teams}>Back to Teams</NavLink>
      <dl className="details">
        <dt>Name</dt>
        <dd>{team.name}</dd>
        <dt>Who can join</dt>
        <dd>{teamPrivacy(team)}</dd>
        <dt>Status</dt>
        <dd>{archived ? 'Archived' : 'Active'}</dd>
      </dl>
      <section className="settings-section" aria-labelledby="team-management">
        <h2 id="team-management">Team Management</h2>
        <div className="button-row">
          {!archived &&
            (team.allow_open_invite ? (
              <button type="button" aria-disabled={action.busy || undefined} onClick={() => setOpen(false)}>
                Make invite only
              </button>
            ) : (
              <button type="button" aria-disabled={action.busy || undefined} onClick={() => setOpen(true)}>
                Let anyone join
              </button>
            ))}
          <ArchiveButton
            kind="Team"
            name={team.display_name}
            archived={archived}
            consequence={`Archiving ${team.display_name} hides it from its members and from the team lists; its channels and messages are kept and it can be unarchived here.`}
            archive={() => client.deleteTeam(team.id)}
            unarchive={() => client.unarchiveTeam(team.id)}
            action={action}
            ask={setConfirmation}
          />
        </div>
        <ActionStatus outcome={action.outcome} id="team-action" />
      </section>
      <ConsoleMembers source={members} />
      {confirmation && <ConfirmDialog confirmation={confirmation} onClose={() => setConfirmation(null)} />}
    </>
  );
}
