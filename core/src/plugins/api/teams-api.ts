// teams.*: look up teams and their members.
import { toWirePluginTeam, toWirePluginTeamMember } from '../plugin-wire.ts';
import type { ApiDeps, ApiGroup } from './api-group.ts';

export function teamsApi({ services }: ApiDeps): ApiGroup {
  return {
    async get(call) {
      return toWirePluginTeam(await services.teams.get(call.args.id(0, 'teamId')));
    },
    async getByName(call) {
      return toWirePluginTeam(await services.teams.getByName(call.args.string(0, 'name', { min: 1, max: 64 })));
    },
    async getMembers(call) {
      const teamId = call.args.id(0, 'teamId');
      const { offset, limit } = call.args.paging(1);
      await services.teams.get(teamId);
      return (await services.teams.listMembers(teamId, offset, limit)).map(toWirePluginTeamMember);
    },
    async getMember(call) {
      return toWirePluginTeamMember(await services.teams.getMember(call.args.id(0, 'teamId'), call.args.id(1, 'userId')));
    },
  };
}
