import { defineEntity, p } from '@mikro-orm/core';

const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.string().length(26).primary(),
    createAt: p.bigint('number'),
    updateAt: p.bigint('number'),
    deleteAt: p.bigint('number').default(0),
    username: p.string().length(64).unique(),
    email: p.string().length(128).unique(),
    emailVerified: p.boolean().default(false),
    passwordHash: p.text().default(''),
    authService: p.string().length(32).default(''),
    /** The account's subject at its sign-in provider (auth_service); null for password accounts. */
    authData: p.string().length(128).nullable(),
    nickname: p.string().length(64).default(''),
    firstName: p.string().length(64).default(''),
    lastName: p.string().length(64).default(''),
    position: p.string().length(128).default(''),
    roles: p.string().length(256).default('system_user'),
    locale: p.string().length(5).default('en'),
    timezone: p.json<Record<string, string>>(),
    props: p.json<Record<string, string>>(),
    notifyProps: p.json<Record<string, string>>(),
    lastPasswordUpdate: p.bigint('number').default(0),
    lastPictureUpdate: p.bigint('number').default(0),
    failedAttempts: p.integer().default(0),
    isBot: p.boolean().default(false),
    /** Signing in takes a TOTP code as well as the password (user-mfa-repository.ts keeps the secret). */
    mfaActive: p.boolean().default(false),
    /** A bot's description from its bots row (Mattermost's User.BotDescription); read-only. */
    botDescription: p.string().nullable().formula((cols) => botDescriptionOf(cols.id)),
  },
});

export class User extends UserSchema.class {}

/** The SQL of `botDescription` for the user whose id is in column `userIdColumn`, for raw selects of users (row-mapper.ts). */
export function botDescriptionOf(userIdColumn: string): string {
  return `(select b.description from bots b where b.user_id = ${userIdColumn})`;
}
UserSchema.setClass(User);
export { UserSchema };
