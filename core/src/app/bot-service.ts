// Bot accounts owned by plugins: users with is_bot set and no password, recorded in the bots
// table with the owning plugin's id (Mattermost's EnsureBotUser).
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import { User } from '../store/entities/user.ts';
import { Bot } from '../store/entities/bot.ts';
import { UniqueViolation } from '../store/store-errors.ts';
import type { EventBus } from '../cluster/event-bus.ts';
import { AppError } from './app-error.ts';
import { validUsername } from './username.ts';
import { newId } from './ids.ts';
import { SYSTEM_USER } from './roles.ts';

export interface BotDeps {
  store: Store;
  logger: Logger;
  events: EventBus;
}

export interface BotInput {
  username: string;
  displayName: string;
  description: string;
}

export class BotService {
  #deps: BotDeps;

  constructor(deps: BotDeps) {
    this.#deps = deps;
  }

  /** Creates the owner's bot, or updates it when it exists; returns its user id. */
  async ensure(ownerId: string, input: BotInput): Promise<string> {
    const username = validUsername(input.username);
    const existing = await this.#ownedUser(ownerId, username);
    if (existing) return this.#update(existing, input);
    const now = Date.now();
    const user = Object.assign(new User(), {
      id: newId(),
      createAt: now,
      updateAt: now,
      deleteAt: 0,
      username,
      // Bots never receive mail; the address only has to be unique.
      email: `${username}@bots.localhost`,
      emailVerified: true,
      passwordHash: '',
      authService: '',
      nickname: '',
      firstName: input.displayName,
      lastName: '',
      position: '',
      roles: SYSTEM_USER,
      locale: 'en',
      timezone: {},
      props: {},
      notifyProps: {},
      lastPasswordUpdate: 0,
      lastPictureUpdate: 0,
      failedAttempts: 0,
      isBot: true,
    });
    const bot = Object.assign(new Bot(), { userId: user.id, ownerId, description: input.description, createAt: now, updateAt: now });
    try {
      await this.#deps.store.transaction(async (tx) => {
        await tx.users.insert(user);
        await tx.bots.insert(bot);
      });
    } catch (err) {
      // Two calls racing for the same new bot: the loser returns the winner's account.
      if (err instanceof UniqueViolation) {
        const raced = await this.#ownedUser(ownerId, username);
        if (raced) return raced.id;
      }
      throw err;
    }
    this.#deps.logger.info('bot created', { user_id: user.id, plugin_id: ownerId });
    this.#deps.events.publish({ event: 'new_user', data: { user_id: user.id }, broadcast: {} });
    return user.id;
  }

  /** The owner's bot account with that username; a taken name that is not the owner's bot is refused. */
  async #ownedUser(ownerId: string, username: string): Promise<User | null> {
    const user = await this.#deps.store.users.findByUsername(username);
    if (!user) return null;
    const bot = user.isBot ? await this.#deps.store.bots.findByUserId(user.id) : null;
    if (!bot || bot.ownerId !== ownerId) {
      throw AppError.conflict('app.bot.ensure.username_taken', `The username ${username} belongs to another account; choose another bot username.`);
    }
    return user;
  }

  async #update(user: User, input: BotInput): Promise<string> {
    const now = Date.now();
    await this.#deps.store.transaction(async (tx) => {
      await tx.users.update(user.id, { firstName: input.displayName, updateAt: now });
      await tx.bots.update(user.id, { description: input.description, updateAt: now });
    });
    return user.id;
  }

  /** The user id of a bot the owner created first, or null. */
  async firstOwnedBy(ownerId: string): Promise<string | null> {
    return (await this.#deps.store.bots.findFirstByOwner(ownerId))?.userId ?? null;
  }
}
