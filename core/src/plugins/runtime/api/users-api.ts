// users.*: look up accounts by id, username or email; check what a user may do; set a status.
import { USER_STATUSES, isUserStatus } from '../../../app/status-service.ts';
import { toWirePluginUser } from '../plugin-wire.ts';
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments, isPlainObject } from './arguments.ts';
import { isValidId } from '../../../app/ids.ts';
import { asUser, callingPlugin } from './plugin-actor.ts';

export function usersApi({ services }: ApiDeps): ApiGroup<'users'> {
  return {
    async get(call) {
      return toWirePluginUser(await services.users.get(call.args.id(0, 'userId')));
    },
    async getByUsername(call) {
      return toWirePluginUser(await services.users.getByUsername(call.args.string(0, 'username', { min: 1, max: 64 })));
    },
    async getByEmail(call) {
      return toWirePluginUser(await services.users.getByEmail(callingPlugin(call), call.args.string(0, 'email', { min: 1, max: 128 })));
    },
    async hasPermission(call) {
      const user = await services.users.get(call.args.id(0, 'userId'));
      const permission = call.args.string(1, 'permission', { min: 1, max: 128 });
      const scope = call.args.raw(2) ?? {};
      if (!isPlainObject(scope)) throw invalidArguments(call.args.method, 'scope must be an object with team_id or channel_id');
      for (const field of ['team_id', 'channel_id'] as const) {
        if (scope[field] !== undefined && scope[field] !== '' && !isValidId(scope[field])) throw invalidArguments(call.args.method, `scope.${field} must be a 26-character id`);
      }
      if (user.deleteAt > 0) return false;
      const actor = asUser(user);
      if (scope.channel_id) return services.permissions.hasChannel(actor, scope.channel_id as string, permission);
      if (scope.team_id) return services.permissions.hasTeam(actor, scope.team_id as string, permission);
      return services.permissions.hasSystem(actor, permission);
    },
    async updateStatus(call) {
      const userId = call.args.id(0, 'userId');
      const status = call.args.string(1, 'status', { min: 1, max: 16 });
      if (!isUserStatus(status)) throw invalidArguments(call.args.method, `status must be one of ${USER_STATUSES.join(', ')}`);
      await services.statuses.setChosen(callingPlugin(call, userId), userId, status);
      return null;
    },
  };
}
