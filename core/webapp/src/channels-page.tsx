// User Management > Channels: every team channel, public and private, with its team (POST
// /channels/search, Mattermost's searchAllChannels), archived ones included, a page at a time;
// each links to its page of members, privacy and archiving.
import type { ChannelWithTeamData } from '@mattermost/types/channels';
import { client } from './client.ts';
import { PageHeading } from './page-heading.tsx';
import { NavLink } from './nav-link.tsx';
import { channelPath } from './console-paths.ts';
import { PagedRows, PER_PAGE, usePagedList } from './paged-list.tsx';

async function loadChannels(term: string, page: number): Promise<ChannelWithTeamData[]> {
  return (await client.searchAllChannels(term.trim(), { page, per_page: PER_PAGE, include_deleted: true })).channels;
}

export function channelKind(channel: { type: string; delete_at: number }): string {
  return `${channel.type === 'P' ? 'Private' : 'Public'}${channel.delete_at > 0 ? ', archived' : ''}`;
}

export function ChannelsPage() {
  const list = usePagedList(loadChannels, '', 'channels');
  return (
    <>
      <PageHeading>Channels</PageHeading>
      <form role="search" className="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="channels-search">Search channels</label>
        <input id="channels-search" type="search" value={list.term} onChange={(e) => list.setTerm(e.target.value)} placeholder="Channel name" />
      </form>
      <PagedRows list={list} label="Channels" empty={list.term ? `No channel matches “${list.term}”.` : 'There are no channels.'}>
        {(channels) => (
          <table className="console-table">
            <caption className="visually-hidden">Channels</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Team</th>
                <th scope="col">Management</th>
              </tr>
            </thead>
            <tbody>
              {channels.map((channel) => (
                <tr key={channel.id}>
                  <th scope="row">
                    <NavLink to={channelPath(channel.id)}>{channel.display_name}</NavLink>
                  </th>
                  <td>{channel.team_display_name}</td>
                  <td>{channelKind(channel)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedRows>
    </>
  );
}
