// The channel subscriptions as the REST routes, the dialog and the command use them: every change
// checked against who may make it (subscription-permission.ts), the instance resolved from what the
// caller named (the v2-legacy or only instance when nothing), and announced in the channel by the bot.
import type { JiraDeps } from '../deps.ts';
import type { Instance } from '../instances/instance.ts';
import { ensureJiraBot } from '../jira-bot.ts';
import { readSettings } from '../settings.ts';
import type { ChannelSubscription } from './subscription.ts';
import { checkSubscriptionEditor } from './subscription-permission.ts';
import { SubscriptionNotFoundError, SubscriptionStore } from './subscription-store.ts';

export class SubscriptionService {
  #deps: JiraDeps;
  #store: SubscriptionStore;

  constructor(deps: JiraDeps) {
    this.#deps = deps;
    this.#store = new SubscriptionStore(deps.api.kv);
  }

  get store(): SubscriptionStore {
    return this.#store;
  }

  /** The instance named (URL or alias), else the v2-legacy or only one. @throws InstanceNotFoundError */
  instance(urlOrAlias?: string): Promise<Instance> {
    return this.#deps.instances.resolve(urlOrAlias);
  }

  async #check(userId: string, channelId: string, instance: Instance): Promise<void> {
    await checkSubscriptionEditor(this.#deps, await readSettings(this.#deps.api), userId, channelId, instance);
  }

  async forChannel(userId: string, channelId: string, instance: Instance): Promise<ChannelSubscription[]> {
    await this.#check(userId, channelId, instance);
    return this.#store.forChannel(instance, channelId);
  }

  async create(userId: string, subscription: ChannelSubscription, instance: Instance): Promise<ChannelSubscription> {
    await this.#check(userId, subscription.channel_id, instance);
    const added = await this.#store.add(instance, subscription);
    await this.#announce(added.channel_id, userId, `added the Jira subscription "${added.name}" to this channel`);
    return added;
  }

  async edit(userId: string, subscription: ChannelSubscription, instance: Instance): Promise<ChannelSubscription> {
    const previous = await this.#existing(instance, subscription.id);
    await this.#check(userId, previous.channel_id, instance);
    const edited = await this.#store.edit(instance, subscription);
    await this.#announce(edited.channel_id, userId, `changed the Jira subscription "${edited.name}" of this channel`);
    return edited;
  }

  async remove(userId: string, id: string, instance: Instance): Promise<ChannelSubscription> {
    const previous = await this.#existing(instance, id);
    await this.#check(userId, previous.channel_id, instance);
    const removed = await this.#store.remove(instance, id);
    await this.#announce(removed.channel_id, userId, `removed the Jira subscription "${removed.name}" from this channel`);
    return removed;
  }

  async #existing(instance: Instance, id: string): Promise<ChannelSubscription> {
    const found = await this.#store.get(instance, id);
    if (!found) throw new SubscriptionNotFoundError(`No subscription ${id} exists on ${instance.id}.`);
    return found;
  }

  async #announce(channelId: string, userId: string, what: string): Promise<void> {
    const { api } = this.#deps;
    const user = await api.users.get(userId);
    await ensureJiraBot(api);
    await api.posts.create({ channel_id: channelId, message: `@${user.username} ${what}.` });
  }
}
