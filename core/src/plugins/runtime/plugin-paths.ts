// Paths of plugins' own routes, `/plugins/<id>/<path>?<query>`, as integrations, dialogs and
// autocomplete lists name them: one reading, so that what one place takes for a plugin's route no
// other place takes for another's.

export interface PluginPath {
  /** Lower-cased, as plugin ids are. */
  pluginId: string;
  /** Below the plugin's id, starting with "/". */
  rest: string;
  /** Without the "?"; '' when there is none. */
  query: string;
}

const PLUGIN_PATH = /^\/?plugins\/([a-zA-Z0-9-_.]{3,190})(\/[^?#]*)?(?:\?([^#]*))?$/;

/**
 * The plugin and path `url` names (`/plugins/<id>/...`, or `plugins/<id>/...`); undefined for
 * anything else, and for a path with `.` or `..` segments or a backslash, which could be read as
 * another plugin's.
 */
export function parsePluginPath(url: string): PluginPath | undefined {
  const match = PLUGIN_PATH.exec(url);
  if (!match) return undefined;
  const rest = match[2] ?? '/';
  if (rest.includes('\\') || rest.split('/').some((segment) => segment === '..' || segment === '.')) return undefined;
  return { pluginId: match[1].toLowerCase(), rest, query: match[3] ?? '' };
}
