// parley.slash-commands: Mattermost's built-in slash commands, and custom slash commands that call
// out to integrations (managed at /api/v4/commands, answered later at /hooks/commands/<id>). Each
// command is registered with the handler that answers it; the router serves the REST paths.
import { createRouter, definePlugin } from '@parley/plugin-api';
import { BUILTINS } from './builtins/index.ts';
import { builtinHandler } from './builtins/builtin.ts';
import { ECHO_JOB_PREFIX, postEcho, type EchoPost } from './builtins/echo-command.ts';
import { CommandStore } from './custom/command-store.ts';
import { registerOrLog } from './custom/command-registration.ts';
import { addCommandsApi } from './custom/command-routes.ts';
import { handleDelayedResponse } from './custom/delayed-response.ts';

const DELAYED_RESPONSES = /^\/hooks\/commands\/(?<id>[A-Za-z0-9]+)$/;

export default definePlugin((api) => {
  const store = new CommandStore(api.kv);
  const routes = addCommandsApi(createRouter(), api, store).post(DELAYED_RESPONSES, (_ctx, request) => handleDelayedResponse(api, store, request.params.id, request));

  return {
    async onActivate() {
      for (const builtin of BUILTINS.values()) await api.commands.register(builtin.command, builtinHandler(api, builtin));
      for (const teamId of await store.teams()) {
        for (const command of await store.listTeam(teamId)) await registerOrLog(api, store, command);
      }
    },

    serveHttp: routes.serve,

    async runScheduledJob(job) {
      if (job.key.startsWith(ECHO_JOB_PREFIX)) await postEcho(api, job.data as EchoPost);
    },
  };
});
