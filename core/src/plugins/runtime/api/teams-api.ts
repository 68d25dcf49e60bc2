// teams.*: look up teams and their members.
import { toWirePluginTeam, toWirePluginTeamMember } from '../plugin-wire.ts';
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { callingPlugin } from './plugin-actor.ts';

export function teamsApi({ services }: ApiDeps): ApiGroup<'teams'> {
  return {
    async get(call) {
      return toWirePluginTeam((await services.teams.get(callingPlugin(call), call.args.id(0, 'teamId'))).team);
    },
    async getByName(call) {
      return toWirePluginTeam((await services.teams.getByName(callingPlugin(call), call.args.string(0, 'name', { min: 1, max: 64 }))).team);
    },
    async getMembers(call) {
      const teamId = call.args.id(0, 'teamId');
      const { offset, limit } = call.args.paging(1);
      return (await services.teams.listMembers(callingPlugin(call), teamId, offset, limit)).map(toWirePluginTeamMember);
    },
    async getMember(call) {
      return toWirePluginTeamMember(await services.teams.getMember(callingPlugin(call), call.args.id(0, 'teamId'), call.args.id(1, 'userId')));
    },
  };
}
