// The HTTP application: middleware in order (request id and log, errors, CORS, body, auth, rate
// limit), then the /api/v4 routes, then the browser app's pages. Built without listening so tests and main.ts share it.
import Koa from 'koa';
import type { ParleyState } from './context.ts';
import { createApiRouter, type RouteDeps } from './api-router.ts';
import { requestLog } from './middleware/request-log.ts';
import { errorRenderer } from './middleware/error-renderer.ts';
import { jsonContentType } from './middleware/json-content-type.ts';
import { cors } from './middleware/cors.ts';
import { urlCharacters } from './middleware/url-characters.ts';
import { jsonBody } from './middleware/json-body.ts';
import { authenticate } from './middleware/authenticate.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { systemRoutes } from './routes/system-routes.ts';
import { userRoutes } from './routes/user-routes.ts';
import { accountRoutes } from './routes/account-routes.ts';
import { termsOfServiceRoutes } from './routes/terms-of-service-routes.ts';
import { teamRoutes } from './routes/team-routes.ts';
import { channelRoutes } from './routes/channel-routes.ts';
import { preferenceRoutes } from './routes/preference-routes.ts';
import { roleRoutes } from './routes/role-routes.ts';
import { statusRoutes } from './routes/status-routes.ts';
import { postRoutes } from './routes/post-routes.ts';
import { reactionRoutes } from './routes/reaction-routes.ts';
import { pluginRoutes } from './routes/plugin-routes.ts';
import { commandRoutes } from './routes/command-routes.ts';
import { actionRoutes } from './routes/action-routes.ts';
import { pluginHttpRoutes } from './routes/plugin-http-routes.ts';
import { ownedRoutes } from './routes/owned-routes.ts';
import { botRoutes } from './routes/bot-routes.ts';
import { fileRoutes, publicFileRoutes } from './routes/file-routes.ts';
import { searchRoutes } from './routes/search-routes.ts';
import { sidebarCategoryRoutes } from './routes/sidebar-category-routes.ts';
import { channelListRoutes } from './routes/channel-list-routes.ts';
import { threadRoutes } from './routes/thread-routes.ts';
import { mfaRoutes } from './routes/mfa-routes.ts';
import { guestRoutes } from './routes/guest-routes.ts';
import { ldapRoutes } from './routes/ldap-routes.ts';
import { groupRoutes } from './routes/group-routes.ts';
import { webappRoutes } from './routes/webapp-routes.ts';
import { draftRoutes } from './routes/draft-routes.ts';
import { postReminderRoutes } from './routes/post-reminder-routes.ts';
import { scheduledPostRoutes } from './routes/scheduled-post-routes.ts';
import { channelBookmarkRoutes } from './routes/channel-bookmark-routes.ts';
import { groupMessageRoutes } from './routes/group-message-routes.ts';
import { emojiRoutes } from './routes/emoji-routes.ts';
import { pictureRoutes } from './routes/picture-routes.ts';
import { customStatusRoutes } from './routes/custom-status-routes.ts';
import { ssoRoutes } from './routes/sso-routes.ts';
import { samlBrowserRoutes, samlLogoutRoutes, samlRoutes } from './routes/saml-routes.ts';

/** One route of the REST API: its method and path pattern (`/api/v4/users/:user_id`). */
export interface ApiRoute {
  method: string;
  path: string;
}

export function createHttpApp(deps: RouteDeps): { app: Koa<ParleyState>; routes: readonly ApiRoute[] } {
  const app = new Koa<ParleyState>({ proxy: false });
  app.silent = true; // errors are rendered and logged by errorRenderer, not koa's default handler
  app.use(requestLog(deps.logger));
  app.use(jsonContentType());
  app.use(errorRenderer());
  app.use(cors(deps.config));
  app.use(urlCharacters());
  const api = createApiRouter();
  for (const register of [systemRoutes, userRoutes, accountRoutes, termsOfServiceRoutes, teamRoutes, channelRoutes, channelBookmarkRoutes, groupMessageRoutes, preferenceRoutes, roleRoutes, statusRoutes, postRoutes, postReminderRoutes, scheduledPostRoutes, reactionRoutes, pluginRoutes, commandRoutes, actionRoutes, botRoutes, fileRoutes, searchRoutes, sidebarCategoryRoutes, channelListRoutes, draftRoutes, emojiRoutes, pictureRoutes, customStatusRoutes, threadRoutes, mfaRoutes, samlRoutes, ldapRoutes, groupRoutes, guestRoutes]) register(api, deps);

  // Requests for plugins read their own body and treat bad credentials as anonymous (Mattermost's rule).
  const pluginRequests = { runtime: deps.pluginRuntime, sessions: deps.services.sessions, config: deps.config, mfa: deps.services.mfa };
  app.use(pluginHttpRoutes(pluginRequests));
  app.use(ownedRoutes({ ...pluginRequests, servedByCore: (path, method) => api.match(path, method).path.some((layer) => layer.methods.length > 0) }));
  app.use(samlBrowserRoutes(deps));
  app.use(authenticate(deps.services.sessions, deps.services.mfa));
  app.use(rateLimit(deps.config));
  app.use(jsonBody(deps.config));
  app.use(api.routes());
  app.use(api.allowedMethods());
  app.use(ssoRoutes(deps));
  app.use(publicFileRoutes(deps));
  app.use(samlLogoutRoutes(deps));
  app.use(webappRoutes());
  const routes = api.stack.flatMap((layer) => layer.methods.filter((method) => method !== 'HEAD').map((method) => ({ method, path: String(layer.path) })));
  return { app, routes };
}
