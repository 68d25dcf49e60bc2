// Short-lived TURN credentials from a shared secret: coturn's REST API scheme
// (`use-auth-secret`), as Mattermost's Calls makes them — the username is `<expiry>:<username>`
// (expiry in epoch seconds) and the password the base64 HMAC-SHA1 of that username keyed with the
// secret, so the TURN server checks them with the secret alone, and they stop working at expiry.
import type { PluginAPI } from '@parley/plugin-api';
import { turnServersNeedingCredentials, type CallsSettings, type IceServerConfig } from './settings.ts';

export async function turnCredentials(api: PluginAPI, settings: CallsSettings, username: string, now = Date.now()): Promise<IceServerConfig[]> {
  const expiry = Math.floor(now / 1000) + settings.TURNCredentialsExpirationMinutes * 60;
  const turnUsername = `${expiry}:${username}`;
  const credential = await api.crypto.hmac('sha1', { secret: settings.TURNStaticAuthSecret }, turnUsername, { output: 'base64' });
  return turnServersNeedingCredentials(settings.ICEServersConfigs).map((server) => ({ urls: server.urls, username: turnUsername, credential }));
}
