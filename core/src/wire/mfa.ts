// The JSON of multi-factor authentication: PUT /users/{id}/mfa, POST /users/mfa and the generated
// secret (Mattermost's MfaSecret).
import type { MfaSecret } from '@mattermost/types/mfa';
import type { GeneratedMfaSecret } from '../app/mfa-service.ts';
import { JsonFields, paramRefusal } from './json-fields.ts';

/** Longer than any code an authenticator shows: a longer one is refused as input, not checked. */
const CODE_MAX = 64;

/** PUT /users/{id}/mfa: `{activate: true, code}` switches MFA on, `{activate: false}` off. */
export function decodeMfaUpdate(body: unknown): { activate: boolean; code: string } {
  const fields = JsonFields.of(body, 'activate');
  if (!fields.has('activate')) throw paramRefusal('activate', 'is required (true or false)');
  const activate = fields.boolean('activate');
  const code = activate ? fields.string('code', { max: CODE_MAX }) : '';
  if (activate && code === '') throw paramRefusal('code', 'is required to activate MFA');
  return { activate, code };
}

/** POST /users/mfa: `{login_id}`. */
export function decodeMfaCheck(body: unknown): string {
  return JsonFields.of(body, 'login_id').string('login_id', { max: 256 });
}

export function toWireMfaSecret(generated: GeneratedMfaSecret): MfaSecret {
  return { secret: generated.secret, qr_code: generated.qrCode };
}
