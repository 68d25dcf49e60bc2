// oauth.*: OAuth 2.0 connections of the plugin's users to external services (plugin-oauth.ts).
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments, isPlainObject, type Arguments } from './arguments.ts';
import type { OAuthProvider } from '../plugin-oauth.ts';

const REDIRECT_PATH = /^\/[A-Za-z0-9/_.~-]{0,255}$/;
const MAX_DATA_BYTES = 8 * 1024;

export function oauthApi({ oauth }: ApiDeps): ApiGroup<'oauth'> {
  return {
    async authorizeUrl(call) {
      const { args } = call;
      const userId = args.id(0, 'userId');
      const provider = decodeProvider(args, args.raw(1));
      const options = args.object(2, 'options', { optional: true, maxBytes: MAX_DATA_BYTES + 4096 });
      const redirectPath = options.redirect_path ?? '/oauth/complete';
      if (typeof redirectPath !== 'string' || !REDIRECT_PATH.test(redirectPath) || redirectPath.split('/').includes('..')) {
        throw invalidArguments(args.method, 'options.redirect_path must be a path of the plugin\'s own routes, such as /oauth/complete');
      }
      const params = options.params ?? {};
      if (!isPlainObject(params) || !Object.values(params).every((v) => typeof v === 'string')) throw invalidArguments(args.method, 'options.params must be an object of strings');
      const data = options.data ?? {};
      if (!isPlainObject(data) || JSON.stringify(data).length > MAX_DATA_BYTES) throw invalidArguments(args.method, `options.data must be an object of at most ${MAX_DATA_BYTES} bytes of JSON`);
      return oauth.authorizeUrl(call.manifest, userId, provider, redirectPath, params as Record<string, string>, data);
    },
    async complete(call) {
      const { args } = call;
      const query = args.object(1, 'query', { maxBytes: 16 * 1024 });
      const strings = Object.fromEntries(Object.entries(query).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      return oauth.complete(call.manifest, args.id(0, 'userId'), strings, decodeProvider(args, args.raw(2)));
    },
    async refresh(call) {
      const { args } = call;
      return oauth.refresh(call.manifest, decodeProvider(args, args.raw(0)), args.string(1, 'refreshToken', { min: 1, max: 8192 }));
    },
  };
}

function decodeProvider(args: Arguments, value: unknown): OAuthProvider {
  if (!isPlainObject(value)) throw invalidArguments(args.method, 'provider must be an object');
  const text = (name: string, required: boolean): string => {
    const field = value[name] ?? '';
    if (typeof field !== 'string' || field.length > 2048 || (required && field === '')) throw invalidArguments(args.method, `provider.${name} must be ${required ? 'a non-empty string' : 'a string'} of at most 2048 characters`);
    return field;
  };
  const scopes = value.scopes ?? [];
  if (!Array.isArray(scopes) || scopes.length > 100 || !scopes.every((s) => typeof s === 'string' && s.length <= 256 && !/\s/.test(s))) {
    throw invalidArguments(args.method, 'provider.scopes must be an array of scope names');
  }
  const clientAuth = value.client_auth ?? 'body';
  if (clientAuth !== 'body' && clientAuth !== 'basic') throw invalidArguments(args.method, 'provider.client_auth must be "body" or "basic"');
  return { authorizeUrl: text('authorize_url', true), tokenUrl: text('token_url', true), clientId: text('client_id', true), clientSecret: text('client_secret', false), scopes: scopes as string[], clientAuth };
}
