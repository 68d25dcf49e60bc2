// Bot accounts: users with is_bot set and no password, recorded in the bots table with their owner —
// a person who created one over the REST API (Mattermost's /bots), or a plugin that ensured its own
// (Mattermost's EnsureBotUser, owner_id = the plugin id).
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { BotAccount } from '../store/bot-repository.ts';
import { User } from '../store/entities/user.ts';
import { Bot } from '../store/entities/bot.ts';
import { UniqueViolation } from '../store/store-errors.ts';
import type { AppEvents } from './app-events.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';
import { botNotFound, canReadBot, requireManageBot } from './bot-access.ts';
import type { UserService } from './user-service.ts';
import { duplicateUserError } from './user-writes.ts';
import { validUsername } from './username.ts';
import { newId } from './ids.ts';
import { SYSTEM_USER } from './roles.ts';

export interface BotDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  permissions: PermissionService;
  users: UserService;
}

export interface BotInput {
  username: string;
  displayName: string;
  description: string;
}

/** Mattermost's BotPatch: the fields given change, the others keep their value (empty for a new bot). */
export type BotPatchInput = Partial<BotInput>;

/** Mattermost's limits (model.Bot): the display name is the user's first name. */
const DISPLAY_NAME_MAX = 64;
const DESCRIPTION_MAX = 1024;
/** A bound on the bots disabled with their owner in one go, far above what one person owns. */
const MAX_BOTS_PER_OWNER = 10_000;

export interface BotListOptions {
  includeDeleted: boolean;
  onlyOrphaned: boolean;
  offset: number;
  limit: number;
}

export class BotService {
  #deps: BotDeps;

  constructor(deps: BotDeps) {
    this.#deps = deps;
  }

  /**
   * Creates the owner's bot (a plugin's, owned by its id), or updates it when it exists, fields not
   * given becoming empty; returns its user id.
   */
  async ensure(ownerId: string, input: BotPatchInput): Promise<string> {
    const valid = validBotInput(input);
    const username = valid.username;
    const existing = await this.#ownedUser(ownerId, username);
    if (existing) return this.#update(existing, valid);
    try {
      return (await this.#insert(ownerId, valid)).userId;
    } catch (err) {
      // Two calls racing for the same new bot: the loser returns the winner's account.
      if (err instanceof UniqueViolation) {
        const raced = await this.#ownedUser(ownerId, username);
        if (raced) return raced.id;
      }
      throw err;
    }
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

  /** POST /bots: a bot owned by the caller (create_bot, ServiceSettings.EnableBotAccountCreation). */
  async create(actor: Actor, patch: BotPatchInput): Promise<BotAccount> {
    this.#deps.permissions.requireSystem(actor, 'create_bot');
    // Even a bot given the system_admin role may not create bots: bots never own bots (Mattermost's rule).
    if ((await this.#deps.store.users.findById(actor.userId))?.isBot) throw AppError.forbidden('create_bot');
    if (!this.#deps.config.get().ServiceSettings.EnableBotAccountCreation) {
      throw new AppError('api.bot.create_disabled', 403, 'Bot account creation is turned off on this server; an admin can enable ServiceSettings.EnableBotAccountCreation.');
    }
    const input = validBotInput(patch);
    try {
      return await this.#insert(actor.userId, input);
    } catch (err) {
      throw duplicateUserError(err);
    }
  }

  async #insert(ownerId: string, input: BotInput): Promise<BotAccount> {
    const now = Date.now();
    const user = Object.assign(new User(), {
      id: newId(),
      createAt: now,
      updateAt: now,
      deleteAt: 0,
      username: input.username,
      email: botEmail(input.username),
      emailVerified: true,
      passwordHash: '',
      authService: '',
      authData: null,
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
    const bot = Object.assign(new Bot(), { userId: user.id, ownerId, description: input.description, createAt: now, updateAt: now, deleteAt: 0 });
    await this.#deps.store.transaction(async (tx) => {
      await tx.users.insert(user);
      await tx.bots.insert(bot);
    });
    this.#deps.logger.info('bot created', { user_id: user.id, owner_id: ownerId });
    this.#deps.events.publish({ event: 'new_user', data: { user_id: user.id }, broadcast: { system_permission: 'view_members' } });
    return { userId: user.id, username: user.username, displayName: user.firstName, description: bot.description, ownerId, createAt: now, updateAt: now, deleteAt: 0 };
  }

  /**
   * GET /bots/{id}. Callers without read_others_bots (or read_bots for their own) are told the bot
   * does not exist, as Mattermost does, so that nobody learns which accounts are bots.
   */
  async get(actor: Actor, botUserId: string, includeDeleted: boolean): Promise<BotAccount> {
    const bot = await this.#account(botUserId, includeDeleted);
    if (!canReadBot(this.#deps.permissions, actor, bot)) throw botNotFound(botUserId);
    return bot;
  }

  /** GET /bots: every bot with read_others_bots, the caller's own with read_bots. */
  list(actor: Actor, options: BotListOptions): Promise<BotAccount[]> {
    const { permissions } = this.#deps;
    let ownerId: string | undefined;
    if (!permissions.hasSystem(actor, 'read_others_bots')) {
      permissions.requireSystem(actor, 'read_bots');
      ownerId = actor.userId;
    }
    return this.#deps.store.bots.list({ ...options, ownerId });
  }

  /** PUT /bots/{id}: changes the fields given; username and display name live on the bot's user. */
  async patch(actor: Actor, botUserId: string, patch: BotPatchInput): Promise<BotAccount> {
    const bot = await this.#requireManage(actor, botUserId);
    const input = validBotInput(patch, bot);
    if (input.username === bot.username && input.displayName === bot.displayName && input.description === bot.description) return bot;
    const now = Date.now();
    try {
      await this.#deps.store.transaction(async (tx) => {
        await tx.users.update(botUserId, { username: input.username, email: botEmail(input.username), firstName: input.displayName, updateAt: now });
        await tx.bots.update(botUserId, { description: input.description, updateAt: now });
      });
    } catch (err) {
      throw duplicateUserError(err);
    }
    this.#deps.users.publishUpdated(await this.#deps.users.get(botUserId));
    return this.#account(botUserId, true);
  }

  /** POST /bots/{id}/disable and /enable: deactivating the bot's user ends its sessions and tokens. */
  async setActive(actor: Actor, botUserId: string, active: boolean): Promise<BotAccount> {
    await this.#requireManage(actor, botUserId);
    return this.#setActive(botUserId, active);
  }

  async #setActive(botUserId: string, active: boolean): Promise<BotAccount> {
    await this.#deps.users.applyActive(botUserId, active);
    const bot = await this.#account(botUserId, true);
    if ((bot.deleteAt === 0) === active) return bot;
    const now = Date.now();
    await this.#deps.store.bots.update(botUserId, { deleteAt: active ? 0 : now, updateAt: now });
    return { ...bot, deleteAt: active ? 0 : now, updateAt: now };
  }

  /** POST /bots/{id}/assign/{user_id}: hands the bot to another person (never to a bot). */
  async assign(actor: Actor, botUserId: string, ownerId: string): Promise<BotAccount> {
    await this.#requireManage(actor, botUserId);
    const owner = await this.#deps.users.get(ownerId);
    if (owner.isBot) throw AppError.forbidden('assign_bot');
    const now = Date.now();
    await this.#deps.store.bots.update(botUserId, { ownerId, updateAt: now });
    return this.#account(botUserId, true);
  }

  /** The bot, once `actor` is shown to be allowed to manage it (see bot-access.ts). */
  async #requireManage(actor: Actor, botUserId: string): Promise<BotAccount> {
    const bot = await this.#account(botUserId, true);
    requireManageBot(this.#deps.permissions, actor, bot);
    return bot;
  }

  /** A deactivated owner's bots are disabled with it (ServiceSettings.DisableBotsWhenOwnerIsDeactivated). */
  async ownerDeactivated(ownerId: string): Promise<void> {
    if (!this.#deps.config.get().ServiceSettings.DisableBotsWhenOwnerIsDeactivated) return;
    const owned = await this.#deps.store.bots.list({ ownerId, includeDeleted: false, onlyOrphaned: false, offset: 0, limit: MAX_BOTS_PER_OWNER });
    for (const bot of owned) await this.#setActive(bot.userId, false);
    if (owned.length > 0) this.#deps.logger.info('bots disabled with their owner', { owner_id: ownerId, count: owned.length });
  }

  async #account(botUserId: string, includeDeleted: boolean): Promise<BotAccount> {
    const bot = await this.#deps.store.bots.findAccount(botUserId);
    if (!bot || (bot.deleteAt > 0 && !includeDeleted)) throw botNotFound(botUserId);
    return bot;
  }
}

/** Bots never receive mail; the address only has to be unique, and follows the username. */
function botEmail(username: string): string {
  return `${username}@bots.localhost`;
}

/** A BotPatch applied over `current`: only the fields given change; each is checked as Mattermost's Bot.IsValid does. */
function validBotInput(patch: BotPatchInput, current: BotInput = { username: '', displayName: '', description: '' }): BotInput {
  const text = (name: 'displayName' | 'description', max: number, wire: string): string => {
    const value = patch[name] ?? current[name];
    if ([...value].length > max) {
      throw AppError.badRequest(`model.bot.is_valid.${wire}.app_error`, `The bot's ${wire.replace('_', ' ')} must be text of at most ${max} characters.`, wire);
    }
    return value;
  };
  return {
    username: validUsername(patch.username ?? current.username),
    displayName: text('displayName', DISPLAY_NAME_MAX, 'display_name'),
    description: text('description', DESCRIPTION_MAX, 'description'),
  };
}
