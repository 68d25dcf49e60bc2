// __NAME__: `/__TRIGGER__ [name]` answers with a greeting only the caller sees, and
// GET /plugins/__ID__/greeting?name=Ada answers the same as JSON. Hover any hook or api method in
// your editor: its documentation is the reference.
import { createRouter, definePlugin, HttpError, jsonResponse } from '@parley/plugin-api';

const TRIGGER = '__TRIGGER__';
const MAX_NAME_LENGTH = 64;

export default definePlugin((api) => {
  const router = createRouter().get('/greeting', (_ctx, request) => jsonResponse(200, { text: greeting(request.query.name ?? '') }));

  return {
    async onActivate() {
      const command = { trigger: TRIGGER, display_name: '__NAME__', auto_complete: true, auto_complete_desc: 'Says hello', auto_complete_hint: '[name]' };
      // The handler answers /__TRIGGER__: no executeCommand to write.
      await api.commands.register(command, (_ctx, args) => ({ response_type: 'ephemeral', text: greeting(args.command.slice(TRIGGER.length + 1).trim()) }));
    },

    // The router answers unknown paths 404 and other methods 405, and turns a thrown HttpError into the answer.
    serveHttp: router.serve,
  };
});

/** The greeting for `name`; a name too long is the caller's mistake: a 400 with a stable error id. */
function greeting(name: string): string {
  if (name.length > MAX_NAME_LENGTH) throw new HttpError(400, 'plugin.greeting.name_too_long', `Give a name of at most ${MAX_NAME_LENGTH} characters.`);
  return `Hello, ${name || 'world'}!`;
}
