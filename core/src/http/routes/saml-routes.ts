// SAML 2.0 on Mattermost's routes. API (/api/v4/saml): the SP metadata for anyone, and for system
// admins the certificate uploads, their status and the IdP metadata import. Browser
// (/login/sso/saml): GET sends the browser to the IdP with an AuthnRequest, POST is the ACS where
// the IdP posts its Response; it sets the session cookies and goes on to redirect_to, or shows
// the web app's /error page. GET /logout signs out, and out of the IdP too (single logout).
import { Writable } from 'node:stream';
import Router from '@koa/router';
import type Koa from 'koa';
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { ok, requireSession, type ParleyContext, type ParleyState } from '../context.ts';
import { userActor } from '../../app/actor.ts';
import { AppError } from '../../errors/app-error.ts';
import { MAX_SAML_RESPONSE_CHARS } from '../../app/saml-sign-in.ts';
import type { SamlCertificateKind } from '../../app/saml-admin.ts';
import { decodeSamlMetadataUrl, toWireSamlCertificateStatus, toWireSamlMetadata } from '../../wire/saml.ts';
import { readMultipart } from '../multipart-file.ts';
import { readTextBody } from '../read-text-body.ts';
import { hookContext } from '../hook-context.ts';
import { setSessionCookies } from '../session-cookies.ts';
import { CSRF_COOKIE, SESSION_COOKIE, USER_ID_COOKIE } from '../../wire/request-credentials.ts';
import { renderingErrors, safeRedirectPath, siteBase } from '../browser-sign-in.ts';

/** A certificate or key is a few kilobytes; anything larger is not one. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;
const KINDS: readonly SamlCertificateKind[] = ['idp', 'public', 'private'];

export function samlRoutes(api: ApiRouter, deps: RouteDeps): void {
  const { services, config } = deps;

  api.get('/saml/metadata', async (ctx) => {
    ctx.type = 'application/xml';
    ctx.set('Content-Disposition', 'attachment; filename="metadata.xml"');
    ctx.body = await services.samlSignIn.metadata({ siteBase: siteBase(config, ctx) });
  });

  for (const kind of KINDS) {
    api.post(`/saml/certificate/${kind}`, async (ctx) => {
      const actor = userActor(requireSession(ctx));
      const contentType = ctx.get('Content-Type');
      // Mattermost's setSamlIdpCertificateFromMetadata: the IdP certificate as the metadata's base64.
      if (kind === 'idp' && /^application\/x-pem-file\b/i.test(contentType)) {
        services.samlAdmin.setIdpCertificateFromMetadata(actor, await readTextBody(ctx, MAX_CERTIFICATE_BYTES));
        return ok(ctx);
      }
      if (!/^multipart\/form-data\b/i.test(contentType)) {
        throw new AppError('api.admin.add_certificate.no_file.app_error', 400, 'Send the certificate as the "certificate" file of a multipart form.');
      }
      services.samlAdmin.addCertificate(actor, kind, await readCertificateForm(ctx));
      ok(ctx);
    });
    api.del(`/saml/certificate/${kind}`, (ctx) => {
      services.samlAdmin.removeCertificate(userActor(requireSession(ctx)), kind);
      ok(ctx);
    });
  }

  api.get('/saml/certificate/status', (ctx) => {
    ctx.body = toWireSamlCertificateStatus(services.samlAdmin.status(userActor(requireSession(ctx))));
  });

  api.post('/saml/metadatafromidp', async (ctx) => {
    const actor = userActor(requireSession(ctx));
    ctx.body = toWireSamlMetadata(await services.samlAdmin.metadataFromIdp(actor, decodeSamlMetadataUrl(ctx.state.body)));
  });
}

/** /login/sso/saml: mounted before the session middleware, since the IdP's post carries no CSRF token. */
export function samlBrowserRoutes(deps: RouteDeps): Koa.Middleware<ParleyState> {
  const { services, config } = deps;
  const router = new Router<ParleyState>();

  router.get('/login/sso/saml', async (ctx: ParleyContext) => {
    await renderingErrors(ctx, async () => {
      const redirectTo = typeof ctx.query.redirect_to === 'string' ? safeRedirectPath(ctx.query.redirect_to) : '';
      // Mattermost's switch link: ?action=email_to_sso&email_token=...
      const emailToken = ctx.query.action === 'email_to_sso' ? (typeof ctx.query.email_token === 'string' ? ctx.query.email_token : '') : undefined;
      ctx.redirect(await services.samlSignIn.begin({ siteBase: siteBase(config, ctx), redirectTo, emailToken }));
    });
  });

  router.post('/login/sso/saml', async (ctx: ParleyContext) => {
    await renderingErrors(ctx, async () => {
      if (!/^application\/x-www-form-urlencoded\b/i.test(ctx.get('Content-Type'))) {
        throw new AppError('ent.saml.do_login.empty_response.app_error', 400, 'The identity provider must post its SAMLResponse as a form.');
      }
      const form = new URLSearchParams(await readTextBody(ctx, MAX_SAML_RESPONSE_CHARS * 2));
      const base = siteBase(config, ctx);
      const done = await services.samlSignIn.complete({ siteBase: base, samlResponse: form.get('SAMLResponse') ?? '' }, hookContext(ctx));
      setSessionCookies(ctx, done.user.id, done.session, done.token);
      ctx.redirect(`${base}${done.redirectTo || '/'}`);
    });
  });

  return router.routes() as Koa.Middleware<ParleyState>;
}

/**
 * GET /logout: ends the browser's session and, when it began through SAML, sends the browser to the
 * IdP with a LogoutRequest (single logout); the IdP's LogoutResponse comes back here and lands on
 * the login page.
 */
export function samlLogoutRoutes(deps: RouteDeps): Koa.Middleware<ParleyState> {
  const { services, config } = deps;
  const router = new Router<ParleyState>();
  router.get('/logout', async (ctx: ParleyContext) => {
    await renderingErrors(ctx, async () => {
      // The IdP signs someone out (IdP-initiated single logout) and wants its LogoutResponse back.
      if (typeof ctx.query.SAMLRequest === 'string') {
        const query = Object.fromEntries(new URLSearchParams(ctx.querystring));
        return ctx.redirect(await services.samlSignIn.idpLogout({ siteBase: siteBase(config, ctx), query, originalQuery: ctx.querystring }));
      }
      const session = ctx.state.session;
      let idpLogout: string | null = null;
      if (session && !session.isAccessToken && !ctx.query.SAMLResponse) {
        idpLogout = await services.samlSignIn.logoutUrl(session.id, { siteBase: siteBase(config, ctx) });
        await services.sessions.logout(session);
      }
      for (const name of [SESSION_COOKIE, USER_ID_COOKIE, CSRF_COOKIE]) ctx.cookies.set(name, null);
      ctx.redirect(idpLogout ?? '/login');
    });
  });
  return router.routes() as Koa.Middleware<ParleyState>;
}

/** The "certificate" file of a multipart form, as text. */
async function readCertificateForm(ctx: ParleyContext): Promise<string> {
  let received: Buffer | null = null;
  await readMultipart(ctx.req, ctx.get('Content-Type'), {
    param: 'certificate',
    maxFileBytes: MAX_CERTIFICATE_BYTES,
    tooLarge: () => new AppError('api.admin.add_certificate.too_large.app_error', 413, `A certificate or key file must be at most ${MAX_CERTIFICATE_BYTES / 1024} KB.`),
    onFile: async (part) => {
      if (part.field !== 'certificate') return null;
      const chunks: Buffer[] = [];
      return new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          done();
        },
        final(done) {
          received = Buffer.concat(chunks);
          done();
        },
      });
    },
  });
  if (received === null) throw new AppError('api.admin.add_certificate.no_file.app_error', 400, 'No file under "certificate" in the form.');
  return (received as Buffer).toString('utf8');
}
