// parley.slash-commands: Mattermost's built-in slash commands, and custom slash commands that call
// out to integrations (managed at /api/v4/commands, answered later at /hooks/commands/<id>).
import { definePlugin, type CommandResponse, type HttpResponse } from '@parley/plugin-api';
import { BUILTINS } from './builtins/index.ts';
import { ECHO_JOB_PREFIX, postEcho, type EchoPost } from './builtins/echo-command.ts';
import { splitCommandLine } from './command-line.ts';
import { notFound } from './http-response.ts';
import { HttpError, errorResponse } from '@parley/plugin-api';
import { integrationSettings, siteUrlOf } from './server-config.ts';
import { CommandStore } from './custom/command-store.ts';
import { registerOrLog } from './custom/command-registration.ts';
import { serveCommandsApi } from './custom/command-routes.ts';
import { runCustomCommand } from './custom/command-request.ts';
import { handleDelayedResponse } from './custom/delayed-response.ts';

const COMMANDS_API = '/api/v4/commands';
const DELAYED_RESPONSES = /^\/hooks\/commands\/([A-Za-z0-9]+)$/;

export default definePlugin((api) => {
  const store = new CommandStore(api.kv);

  return {
    async onActivate() {
      for (const builtin of BUILTINS.values()) await api.commands.register(builtin.command);
      for (const teamId of await store.teams()) {
        for (const command of await store.listTeam(teamId)) await registerOrLog(api, command);
      }
    },

    async executeCommand(_ctx, args): Promise<CommandResponse> {
      const { trigger, message } = splitCommandLine(args.command);
      const settings = await integrationSettings(api);
      const siteUrl = siteUrlOf(args, settings);
      const builtin = BUILTINS.get(trigger);
      if (builtin) return builtin.run({ api, args, message, siteUrl });
      const command = await store.findByTrigger(args.team_id, trigger);
      if (!command) throw new HttpError(404, 'api.command.execute_command.not_found.app_error', `Command with a trigger of '/${trigger}' not found.`);
      return runCustomCommand(api, { command, args, text: message, siteUrl, settings });
    },

    async serveHttp(ctx, request): Promise<HttpResponse> {
      try {
        if (request.path === COMMANDS_API || request.path.startsWith(`${COMMANDS_API}/`)) return await serveCommandsApi(api, store, request);
        const delayed = DELAYED_RESPONSES.exec(request.path);
        if (delayed && request.method.toUpperCase() === 'POST') return await handleDelayedResponse(api, store, delayed[1], request);
        throw notFound();
      } catch (err) {
        if (err instanceof HttpError) return errorResponse(err, ctx.request_id ?? '');
        throw err;
      }
    },

    async runScheduledJob(job) {
      if (job.key.startsWith(ECHO_JOB_PREFIX)) await postEcho(api, job.data as EchoPost);
    },
  };
});
