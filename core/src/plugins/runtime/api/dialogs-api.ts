// dialogs.*: interactive dialogs a plugin opens for the user whose action or command gave it a
// trigger id. The submission goes to the plugin's own routes or to a host its manifest declares:
// a plugin cannot make a user's submission land at another plugin's routes.
import type { Manifest } from '@parley/plugin-api';
import { AppError } from '../../../errors/app-error.ts';
import { hostDeclared } from '../../../egress/egress-policy.ts';
import { decodeOpenDialog } from '../../../wire/interactive-dialog.ts';
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments } from './arguments.ts';
import { parsePluginPath } from '../plugin-paths.ts';

/** A dialog is a form: far less than this. */
const MAX_DIALOG_BYTES = 256 * 1024;

export function dialogsApi({ integrationActions }: ApiDeps): ApiGroup<'dialogs'> {
  return {
    async open(call) {
      const { args } = call;
      const triggerId = args.string(0, 'triggerId', { min: 1, max: 1024 });
      const url = args.string(1, 'url', { min: 1, max: 8192 });
      const dialog = args.object(2, 'dialog', { maxBytes: MAX_DIALOG_BYTES });
      requireOwnUrl(call.manifest, url);
      const input = decodeOpenDialog({ trigger_id: triggerId, url, dialog }, (field, why) => invalidArguments(args.method, `${field} ${why}`));
      await integrationActions.openDialog(input);
      return null;
    },
  };
}

function requireOwnUrl(manifest: Manifest, url: string): void {
  if (parsePluginPath(url)?.pluginId === manifest.id) return;
  const target = URL.parse(url);
  if (target && (target.protocol === 'https:' || target.protocol === 'http:')) {
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    if (hostDeclared(manifest.permissions.http_hosts, host, target.port || (target.protocol === 'https:' ? '443' : '80'))) return;
  }
  throw new AppError('plugin.dialogs.url_not_allowed', 403, `Plugin ${manifest.id} may send dialog submissions only to its own routes (/plugins/${manifest.id}/...) or to the hosts its manifest lists in permissions.http_hosts.`);
}
