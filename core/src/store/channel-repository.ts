import { Repository } from './repository.ts';
import { Channel } from './entities/channel.ts';
import { ChannelMember } from './entities/channel-member.ts';

export class ChannelRepository extends Repository {
  findById(id: string): Promise<Channel | null> {
    return this.em().findOne(Channel, { id });
  }

  findMember(channelId: string, userId: string): Promise<ChannelMember | null> {
    return this.em().findOne(ChannelMember, { channelId, userId });
  }

  /** Ids of the channel's members (WebSocket delivery, mentions). */
  async memberUserIds(channelId: string): Promise<string[]> {
    const rows = await this.sql<{ user_id: string }>('select user_id from channel_members where channel_id = ?', [channelId]);
    return rows.map((r) => r.user_id);
  }
}
