// A verified SAML assertion as a Parley account, mapped by SamlSettings' *Attribute settings as
// Mattermost maps it: who (IdAttribute, or the NameID when none is set), email and username
// (required), names, nickname, position and locale (each only when its attribute is set), and
// whether the person is a system admin (EnableAdminAttribute + AdminAttribute, `name=value`) or a
// guest (GuestAttribute, only while GuestAccountsSettings.Enable is on).
import type { SamlSettings } from '../config/config-schema.ts';
import { AppError } from '../errors/app-error.ts';
import type { ExternalProfile } from './external-accounts.ts';
import { guestAccountsDisabled } from './provider-guest-role.ts';
import { SAML_SERVICE } from './sso-services.ts';
import { cleanUsername } from './sso-profile.ts';

/** The assertion's attributes by name (one value or several) and its subject's NameID. */
export interface SamlAssertionFacts {
  nameId: string;
  attributes: Record<string, unknown>;
}

/** Longest auth_data kept (m0016). */
const SUBJECT_MAX = 128;
const LIMITS = { name: 64, nickname: 64, position: 128, locale: 5 } as const;

export function samlProfile(settings: Readonly<SamlSettings>, facts: SamlAssertionFacts, guestAccountsEnabled: boolean): ExternalProfile {
  const values = (attribute: string): string[] => {
    const raw = attribute ? facts.attributes[attribute] : undefined;
    const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    return list.filter((value): value is string => typeof value === 'string').map((value) => value.trim());
  };
  const first = (attribute: string): string => values(attribute)[0] ?? '';
  const required = (setting: keyof SamlSettings, attribute: string): string => {
    const value = first(attribute);
    if (!value) throw missingAttribute(setting, attribute);
    return value;
  };

  const subject = settings.IdAttribute ? required('IdAttribute', settings.IdAttribute) : facts.nameId.trim();
  if (!subject || subject.length > SUBJECT_MAX) throw missingAttribute('IdAttribute', settings.IdAttribute || 'NameID');
  const email = required('EmailAttribute', settings.EmailAttribute).toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new AppError('ent.saml.attribute.app_error', 400, `The identity provider's email attribute "${settings.EmailAttribute}" is not an email address, so the sign-in was refused.`);
  }
  const username = required('UsernameAttribute', settings.UsernameAttribute);
  const guest = settings.GuestAttribute ? matches(settings.GuestAttribute, values) : undefined;
  // With guest accounts off, a person the IdP marks as a guest must not get a full account.
  if (guest && !guestAccountsEnabled) throw guestAccountsDisabled('Your identity provider');
  return {
    service: SAML_SERVICE,
    subject,
    email,
    username: cleanUsername(username.includes('@') ? username.split('@')[0] : username),
    firstName: clip(first(settings.FirstNameAttribute), LIMITS.name),
    lastName: clip(first(settings.LastNameAttribute), LIMITS.name),
    ...(settings.NicknameAttribute ? { nickname: clip(first(settings.NicknameAttribute), LIMITS.nickname) } : {}),
    ...(settings.PositionAttribute ? { position: clip(first(settings.PositionAttribute), LIMITS.position) } : {}),
    ...(settings.LocaleAttribute && first(settings.LocaleAttribute) ? { locale: clip(first(settings.LocaleAttribute), LIMITS.locale) } : {}),
    ...(settings.EnableAdminAttribute && settings.AdminAttribute ? { systemAdmin: matches(settings.AdminAttribute, values) } : {}),
    ...(guest === undefined ? {} : { guest }),
  };
}

/** `name=value` holds when one of the attribute's values is `value`; a bare `name` when the attribute is present and not false. */
function matches(rule: string, values: (attribute: string) => string[]): boolean {
  const equals = rule.indexOf('=');
  if (equals < 0) return values(rule.trim()).some((value) => value !== '' && value.toLowerCase() !== 'false');
  const wanted = rule.slice(equals + 1).trim();
  return values(rule.slice(0, equals).trim()).includes(wanted);
}

function missingAttribute(setting: keyof SamlSettings, attribute: string): AppError {
  return new AppError('ent.saml.attribute.app_error', 400, `The identity provider did not send the "${attribute}" attribute (SamlSettings.${setting}), so the sign-in was refused. Ask an administrator to release it to this server.`, {
    details: `setting=${setting} attribute=${attribute}`,
  });
}

function clip(value: string, max: number): string {
  return [...value].slice(0, max).join('');
}
