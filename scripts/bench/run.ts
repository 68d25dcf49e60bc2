// `npm run bench`: every benchmark, each printing its figures beside a baseline from the same run.
import { benchPostPipeline } from './post-pipeline.ts';
import { printTable } from './report.ts';

printTable('post pipeline', await benchPostPipeline());
