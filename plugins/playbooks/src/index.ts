// playbooks: Mattermost's Playbooks as a sandboxed plugin with Mattermost's plugin id, so scripts
// and clients written for /plugins/playbooks/api/v0/... keep working. Data lives in the plugin's
// own SQL schema (store/migrations). This file wires the parts.
import { createRouter, definePlugin } from '@parley/plugin-api';
import { addPlaybookRoutes } from './http/playbook-routes.ts';
import { PlaybookService } from './playbooks/playbook-service.ts';
import { PlaybookStore } from './store/playbook-store.ts';

export default definePlugin((api) => {
  const router = createRouter();
  addPlaybookRoutes(router, api, new PlaybookService(api, new PlaybookStore(api)));
  return { serveHttp: router.serve };
});
