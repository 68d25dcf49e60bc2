// teams.*: look up teams and their members.
import { toWirePluginTeam, toWirePluginTeamMember } from '../plugin-wire.ts';
import type { ApiDeps, ApiGroup } from './api-group.ts';

const MAX_PER_PAGE = 200;

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
      const page = call.args.int(1, 'page', 0, 100_000, 0);
      const perPage = call.args.int(2, 'perPage', 1, MAX_PER_PAGE, 60);
      await services.teams.get(teamId);
      return (await services.teams.listMembers(teamId, page * perPage, perPage)).map(toWirePluginTeamMember);
    },
  };
}
