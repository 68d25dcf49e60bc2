// The example plugin: /hello greets (a handler bound to the command), greetings are counted in the
// KV store and served at GET /plugins/com.example.hello/greetings (a router), and posts with a
// banned word are rejected.
import { createRouter, definePlugin, jsonResponse, updateKvAtomically, type Command, type PluginAPI } from '@parley/plugin-api';

const COUNTER_KEY = 'greetings';
const MAX_COUNTER_ATTEMPTS = 10;
const HELLO: Command = {
  trigger: 'hello',
  display_name: 'Hello',
  description: 'Says hello',
  auto_complete: true,
  auto_complete_desc: 'Greets you, or the name you give',
  auto_complete_hint: '[name]',
};

interface Settings {
  BannedWords?: string;
}

export default definePlugin((api) => {
  let bannedWords: BannedWord[] = [];

  async function loadSettings(): Promise<void> {
    const settings = await api.config.get<Settings>();
    bannedWords = parseBannedWords(settings.BannedWords ?? '');
  }

  // Only GET /greetings: the router answers other paths with 404 and other methods with 405.
  const router = createRouter().get('/greetings', async () => jsonResponse(200, { count: (await api.kv.get<number>(COUNTER_KEY)) ?? 0 }));

  return {
    onConfigurationChange: loadSettings,

    async onActivate() {
      await loadSettings();
      await api.commands.register(HELLO, async (_ctx, args) => {
        const name = args.command.trim().replace(/^\/\S+\s*/, '') || (await api.users.get(args.user_id)).username;
        await countGreeting(api);
        return { response_type: 'ephemeral', text: `Hello, ${name}!` };
      });
      await api.log.info('registered /hello');
    },

    messageWillBePosted(_ctx, post) {
      const banned = bannedWords.find((word) => word.pattern.test(post.message));
      return banned ? { reject: `The word "${banned.word}" is not allowed here.` } : { post };
    },

    serveHttp: router.serve,
  };
});

interface BannedWord {
  word: string;
  pattern: RegExp;
}

/** Words separated by commas or spaces; each matches as a whole word, in any case. */
function parseBannedWords(setting: string): BannedWord[] {
  return setting
    .split(/[\s,]+/)
    .filter((word) => word !== '')
    .map((word) => ({
      word,
      pattern: new RegExp(`(?<![\\p{L}\\p{N}_])${word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'iu'),
    }));
}

/** Adds one to the counter; compare-and-set keeps concurrent greetings from losing counts. */
async function countGreeting(api: PluginAPI): Promise<void> {
  await updateKvAtomically<number>(api.kv, COUNTER_KEY, (current) => (current ?? 0) + 1, { attempts: MAX_COUNTER_ATTEMPTS });
}
