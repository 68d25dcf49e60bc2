// The channel subscriptions of each instance, one KV list per instance (`jirasub_<instance key>`, as
// Mattermost keeps one record per instance), read whole by every delivery and changed atomically so
// two people editing at once cannot lose each other's change. Names are unique within a channel.
import { newId, updateKvAtomically, type PluginAPI } from '@parley/plugin-api';
import type { Instance } from '../instances/instance.ts';
import type { ChannelSubscription } from './subscription.ts';

const SUBSCRIPTIONS = 'jirasub_';

/** No subscription with that id on that instance. */
export class SubscriptionNotFoundError extends Error {}
/** Another subscription of the channel has that name. */
export class SubscriptionNameTakenError extends Error {}

export class SubscriptionStore {
  #kv: Pick<PluginAPI['kv'], 'get' | 'compareAndSet'>;

  constructor(kv: Pick<PluginAPI['kv'], 'get' | 'compareAndSet'>) {
    this.#kv = kv;
  }

  async list(instance: Instance): Promise<ChannelSubscription[]> {
    return (await this.#kv.get<ChannelSubscription[]>(SUBSCRIPTIONS + instance.key)) ?? [];
  }

  /** The channel's subscriptions, by name. */
  async forChannel(instance: Instance, channelId: string): Promise<ChannelSubscription[]> {
    return (await this.list(instance)).filter((sub) => sub.channel_id === channelId).sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(instance: Instance, id: string): Promise<ChannelSubscription | undefined> {
    return (await this.list(instance)).find((sub) => sub.id === id);
  }

  /** Adds the subscription with a new id; answers it as stored. */
  async add(instance: Instance, subscription: ChannelSubscription): Promise<ChannelSubscription> {
    const added = { ...subscription, id: newId(), instance_id: instance.id };
    await this.#update(instance, (list) => [...checkName(list, added), added]);
    return added;
  }

  /** Replaces the subscription with its id (its channel and instance stay); answers it as stored. */
  async edit(instance: Instance, subscription: ChannelSubscription): Promise<ChannelSubscription> {
    let edited = subscription;
    await this.#update(instance, (list) => {
      const previous = list.find((sub) => sub.id === subscription.id);
      if (!previous) throw new SubscriptionNotFoundError(`No subscription ${subscription.id} exists on ${instance.id}.`);
      edited = { ...subscription, channel_id: previous.channel_id, instance_id: instance.id };
      return checkName(list, edited).map((sub) => (sub.id === edited.id ? edited : sub));
    });
    return edited;
  }

  /** Removes the subscription; answers it. */
  async remove(instance: Instance, id: string): Promise<ChannelSubscription> {
    let removed: ChannelSubscription | undefined;
    await this.#update(instance, (list) => {
      removed = list.find((sub) => sub.id === id);
      if (!removed) throw new SubscriptionNotFoundError(`No subscription ${id} exists on ${instance.id}.`);
      return list.filter((sub) => sub.id !== id);
    });
    return removed!;
  }

  async #update(instance: Instance, change: (list: ChannelSubscription[]) => ChannelSubscription[]): Promise<void> {
    await updateKvAtomically<ChannelSubscription[]>(this.#kv, SUBSCRIPTIONS + instance.key, (current) => change(current ?? []));
  }
}

function checkName(list: ChannelSubscription[], subscription: ChannelSubscription): ChannelSubscription[] {
  const clash = list.find((sub) => sub.channel_id === subscription.channel_id && sub.id !== subscription.id && sub.name.toLowerCase() === subscription.name.toLowerCase());
  if (clash) throw new SubscriptionNameTakenError(`This channel already has a subscription named "${clash.name}"; choose another name.`);
  return list;
}
