import { Repository } from './repository.ts';
import { Team } from './entities/team.ts';
import { TeamMember } from './entities/team-member.ts';

export class TeamRepository extends Repository {
  findById(id: string): Promise<Team | null> {
    return this.em().findOne(Team, { id });
  }

  /** The membership row, including one left behind by leaving (delete_at > 0). */
  findMember(teamId: string, userId: string): Promise<TeamMember | null> {
    return this.em().findOne(TeamMember, { teamId, userId });
  }
}
