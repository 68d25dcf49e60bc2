// `npm run bench`: every benchmark, each printing its figures beside a baseline from the same run.
import { benchPostPipeline } from './post-pipeline.ts';
import { benchPluginHooks } from './plugin-hooks.ts';
import { benchIncomingWebhooks } from './incoming-webhooks.ts';
import { printTable } from './report.ts';

printTable('post pipeline', await benchPostPipeline());
printTable('plugin hooks', await benchPluginHooks());
printTable('incoming webhooks', await benchIncomingWebhooks());
