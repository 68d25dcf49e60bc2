// users.*: look up accounts by id, username or email.
import { toWirePluginUser } from '../plugin-wire.ts';
import type { ApiDeps, ApiGroup } from './api-group.ts';

export function usersApi({ services }: ApiDeps): ApiGroup {
  return {
    async get(call) {
      return toWirePluginUser(await services.users.get(call.args.id(0, 'userId')));
    },
    async getByUsername(call) {
      return toWirePluginUser(await services.users.getByUsername(call.args.string(0, 'username', { min: 1, max: 64 })));
    },
    async getByEmail(call) {
      return toWirePluginUser(await services.users.getByEmail(call.args.string(0, 'email', { min: 1, max: 128 })));
    },
  };
}
