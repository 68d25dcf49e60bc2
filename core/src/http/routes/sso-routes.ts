// Sign-in through OpenID Connect providers, on Mattermost's browser routes (outside /api/v4):
// GET /oauth/{service}/login (or /signup) sends the browser to the provider; the provider sends it back to
// /signup/{service}/complete (also answered at /oauth/... and /login/..., as Mattermost does),
// which sets the session cookies and goes on to redirect_to. Anything that goes wrong lands on the
// web app's /error page with a message the person can read, as Mattermost's RenderWebAppError.
import Router from '@koa/router';
import type Koa from 'koa';
import type { RouteDeps } from '../api-router.ts';
import type { ParleyContext, ParleyState } from '../context.ts';
import { ssoCallbackUri } from '../../app/sso-sign-in.ts';
import { SIGN_IN_CHANGED_PATH } from '../../app/sign-in-switch.ts';
import { ssoDisplayName } from '../../app/sso-services.ts';
import { hookContext } from '../hook-context.ts';
import { setSessionCookies } from '../session-cookies.ts';
import { OAUTH_COOKIE, redirectToError, renderingErrors, safeRedirectPath, setOAuthCookie, siteBase } from '../browser-sign-in.ts';

export function ssoRoutes(deps: RouteDeps): Koa.Middleware<ParleyState> {
  const { services, config } = deps;
  const router = new Router<ParleyState>();

  const begin = (signUp: boolean) => async (ctx: ParleyContext) => {
    await renderingErrors(ctx, async () => {
      const redirectTo = ctx.query.redirect_to;
      const begun = await services.ssoSignIn.begin(ctx.params.service, {
        redirectUri: callbackUri(ctx, ctx.params.service),
        redirectTo: typeof redirectTo === 'string' ? safeRedirectPath(redirectTo) : '',
        signUp,
      });
      setOAuthCookie(ctx, begun.browserSecret);
      ctx.redirect(begun.authorizationUrl);
    });
  };
  router.get('/oauth/:service/login', begin(false));
  router.get('/oauth/:service/signup', begin(true));

  const complete = async (ctx: ParleyContext) => {
    await renderingErrors(ctx, async () => {
      const service = ctx.params.service;
      const query = new URLSearchParams(ctx.querystring);
      const browserSecret = ctx.cookies.get(OAUTH_COOKIE);
      ctx.cookies.set(OAUTH_COOKIE, null, { httpOnly: true, sameSite: 'lax', overwrite: true });
      if (query.get('error') === 'access_denied') return redirectToError(ctx, { type: 'oauth_access_denied', service: ssoDisplayName(service) });
      if (!query.get('code')) return redirectToError(ctx, { type: 'oauth_missing_code', service: ssoDisplayName(service) });
      const done = await services.ssoSignIn.complete(service, { query, redirectUri: callbackUri(ctx, service), browserSecret }, hookContext(ctx));
      // A switch of sign-in method ends on the login page, as Mattermost's, where the person signs in the new way.
      if ('switchedUser' in done) return ctx.redirect(`${siteBase(config, ctx)}${SIGN_IN_CHANGED_PATH}`);
      setSessionCookies(ctx, done.user.id, done.session, done.token);
      ctx.redirect(`${siteBase(config, ctx)}${done.redirectTo || '/'}`);
    });
  };
  router.get('/signup/:service/complete', complete);
  router.get('/oauth/:service/complete', complete);
  router.get('/login/:service/complete', complete);

  function callbackUri(ctx: ParleyContext, service: string): string {
    return ssoCallbackUri(siteBase(config, ctx), service);
  }

  return router.routes() as Koa.Middleware<ParleyState>;
}
