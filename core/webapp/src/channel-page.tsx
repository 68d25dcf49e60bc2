// User Management > Channels > one channel (Mattermost's Channel Configuration): its team, Convert
// to Private / Public (PUT /channels/{id}/privacy), Archive Channel / Unarchive Channel, and its
// members with their roles.
import { useMemo, useState } from 'react';
import { client } from './client.ts';
import { PageHeading } from './page-heading.tsx';
import { NavLink } from './nav-link.tsx';
import { PAGES, teamPath } from './console-paths.ts';
import { ActionStatus } from './action-status.tsx';
import { RecordNotFound, useConsoleRecord } from './console-record.tsx';
import { ConfirmDialog, type Confirmation } from './confirm-dialog.tsx';
import { ConsoleMembers, type MembersSource } from './console-members.tsx';
import { PER_PAGE } from './paged-list.tsx';
import { channelKind } from './channels-page.tsx';
import { ArchiveButton } from './archive-button.tsx';

export function ChannelPage({ channelId }: { channelId: string }) {
  const { record, loadError, ...action } = useConsoleRecord(async () => {
    const channel = await client.getChannel(channelId);
    return { channel, team: channel.team_id ? await client.getTeam(channel.team_id) : null };
  }, 'channel');
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);

  const archived = (record?.channel.delete_at ?? 0) > 0;
  const members = useMemo<MembersSource>(
    () => ({
      kind: 'channel',
      adminRole: 'Channel Admin',
      list: (page) => client.getChannelMembers(channelId, page, PER_PAGE),
      add: (userId) => client.addToChannel(userId, channelId),
      remove: (userId) => client.removeFromChannel(userId, channelId),
      setAdmin: (userId, admin) => client.updateChannelMemberSchemeRoles(channelId, userId, true, admin),
      editable: !archived,
    }),
    [channelId, archived],
  );

  if (loadError) return <RecordNotFound title="Channel not found" error={loadError} back={PAGES.channels} backLabel="Back to Channels" />;
  if (!record) return <p role="status">Loading…</p>;

  const { channel, team } = record;
  const name = channel.display_name;
  const act = action.act;
  const ask = (confirmation: Confirmation) => setConfirmation(confirmation);
  const toPrivate = channel.type === 'O';

  return (
    <>
      <PageHeading>Channel Configuration: {name}</PageHeading>
      <NavLink to={PAGES.channels}>Back to Channels</NavLink>
      <dl className="details">
        <dt>Name</dt>
        <dd>{channel.name}</dd>
        <dt>Team</dt>
        <dd>{team ? <NavLink to={teamPath(team.id)}>{team.display_name}</NavLink> : '—'}</dd>
        <dt>Kind</dt>
        <dd>{channelKind(channel)}</dd>
      </dl>
      <section className="settings-section" aria-labelledby="channel-management">
        <h2 id="channel-management">Channel Management</h2>
        <div className="button-row">
          {!archived && (
            <button
              type="button"
              aria-disabled={action.busy || undefined}
              onClick={() =>
                ask({
                  title: toPrivate ? 'Convert to Private Channel' : 'Convert to Public Channel',
                  message: toPrivate
                    ? `${name} will be visible only to its members, who keep its history. Convert ${name} to a private channel?`
                    : `Everyone in the team will be able to find and join ${name} and read its history. Convert ${name} to a public channel?`,
                  confirmLabel: toPrivate ? 'Convert to Private' : 'Convert to Public',
                  run: () => act(() => client.updateChannelPrivacy(channel.id, toPrivate ? 'P' : 'O'), `${name} is now ${toPrivate ? 'private' : 'public'}.`),
                })
              }
            >
              {toPrivate ? 'Convert to Private' : 'Convert to Public'}
            </button>
          )}
          <ArchiveButton
            kind="Channel"
            name={name}
            archived={archived}
            consequence={`Archiving ${name} keeps its messages readable but takes no new messages or members; it can be unarchived here.`}
            archive={() => client.deleteChannel(channel.id)}
            unarchive={() => client.unarchiveChannel(channel.id)}
            action={action}
            ask={ask}
          />
        </div>
        <ActionStatus outcome={action.outcome} id="channel-action" />
      </section>
      <ConsoleMembers source={members} />
      {confirmation && <ConfirmDialog confirmation={confirmation} onClose={() => setConfirmation(null)} />}
    </>
  );
}
