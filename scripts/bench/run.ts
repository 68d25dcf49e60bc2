// `npm run bench`: every benchmark, each printing its figures beside a baseline from the same run.
// The search benchmark loads a million posts first (minutes), so it runs only with BENCH_SEARCH=1;
// the capacity benchmark ramps simulated users for several minutes, only with BENCH_CAPACITY=1.
import { benchPostPipeline } from './post-pipeline.ts';
import { benchPluginHooks } from './plugin-hooks.ts';
import { benchIncomingWebhooks } from './incoming-webhooks.ts';
import { benchGithubWebhook } from './github-webhook.ts';
import { benchSearch } from './search.ts';
import { benchCapacity } from './capacity.ts';
import { benchFanout } from './fanout.ts';
import { benchIdleMemory } from './idle-memory.ts';
import { benchPluginDensity } from './plugin-density.ts';
import { benchSqlStatements } from './sql-statements.ts';
import { benchUserAutocomplete } from './user-autocomplete.ts';
import { benchSwitchChannelCpu } from './switch-channel-cpu.ts';
import { benchWebappLongChannel } from './webapp-long-channel.ts';
import { benchWebappFirstLoad } from './webapp-first-load.ts';
import { benchCallsMedia } from './calls-media.ts';
import { printTable } from './report.ts';

printTable('post pipeline', await benchPostPipeline());
printTable('plugin hooks', await benchPluginHooks());
printTable('incoming webhooks', await benchIncomingWebhooks());
printTable('GitHub webhook', await benchGithubWebhook());
printTable('sql statements: one channel-access read, sent three ways', await benchSqlStatements());
printTable('people by the start of a name (autocomplete, user search)', await benchUserAutocomplete());
printTable('SwitchChannel mix: server CPU per request (Node with its plugin hosts, PostgreSQL), beside GET /system/ping', await benchSwitchChannelCpu());
printTable('fan-out of one post', await benchFanout());
printTable('calls media: the SFU per participant, beside a bare werift pair (loopback-only network namespace)', await benchCallsMedia());
printTable('web app: opening a channel by its URL (time to interactive)', await benchWebappFirstLoad());
printTable('web app: scrolling a channel of 10,000 posts from the newest to the oldest, 600 px a frame', await benchWebappLongChannel());
process.stdout.write(await benchIdleMemory());
process.stdout.write(await benchPluginDensity());
if (process.env.BENCH_SEARCH === '1') printTable('post search', await benchSearch());
if (process.env.BENCH_CAPACITY === '1') await benchCapacity();
