// Who acts on Jira, where: the instance a command means (`--instance <url|alias>`, else the user's
// default one) and the user's connection and client there. Every issue feature goes through an
// IssuesContext, so tests can hand it a client of their own.
import type { PluginAPI } from '@parley/plugin-api';
import type { Connection } from '../connect/connection.ts';
import type { JiraDeps } from '../deps.ts';
import { InstanceNotFoundError } from '../instances/instance-store.ts';
import type { Instance } from '../instances/instance.ts';
import type { UserIdentity } from '../jira-api/issues-api.ts';
import type { JiraClient } from '../jira-api/jira-client.ts';
import { userClient } from '../jira-api/user-client.ts';

export interface JiraAccess {
  instance: Instance;
  connection: Connection;
  client: JiraClient;
}

/** The user cannot act on Jira here: no such instance, or not connected to it. The message says what to do. */
export class NoJiraAccessError extends Error {}

export interface IssuesContext {
  api: PluginAPI;
  /**
   * The user's access to the instance named (URL or alias), or to their default instance.
   * @throws NoJiraAccessError
   */
  access(userId: string, instance?: string): Promise<JiraAccess>;
  /** The user's access to this instance, or null when they are not connected to it. */
  accessOn(instance: Instance, userId: string): Promise<JiraAccess | null>;
  /** The user's connection to the instance (without a client), or null. */
  connectionOf(instance: Instance, userId: string): Promise<Connection | null>;
  /** The installed instances. */
  instances(): Promise<Instance[]>;
  /** Saves the connection's changed preferences (the project and issue type used last). */
  updateConnection(instance: Instance, connection: Connection): Promise<void>;
}

export const CONNECT_FIRST = 'Your Parley account is not connected to Jira: connect first with `/jira connect`.';

/** How the instance names users in its REST API. */
export function userIdentity(instance: Instance): UserIdentity {
  return instance.type === 'cloud-oauth' ? 'accountId' : 'name';
}

/** The page of an issue on its site. */
export function browseUrl(instance: Instance, key: string): string {
  return `${instance.id}/browse/${encodeURIComponent(key)}`;
}

export function issuesContext(deps: JiraDeps): IssuesContext {
  const accessOn = async (instance: Instance, userId: string): Promise<JiraAccess | null> => {
    const connection = await deps.connections.get(instance, userId);
    const client = connection ? await userClient(deps.api, deps.connections, instance, userId) : null;
    return connection && client ? { instance, connection, client } : null;
  };
  return {
    api: deps.api,
    accessOn,
    connectionOf: (instance, userId) => deps.connections.get(instance, userId),
    instances: () => deps.instances.list(),
    updateConnection: (instance, connection) => deps.connections.update(instance, connection),
    async access(userId, named) {
      let instance: Instance | undefined;
      if (named) {
        try {
          instance = await deps.instances.resolve(named);
        } catch (err) {
          if (err instanceof InstanceNotFoundError) throw new NoJiraAccessError(err.message);
          throw err;
        }
      } else {
        const { default_instance_id: id } = await deps.connections.instancesOf(userId);
        instance = id ? await deps.instances.find(id) : undefined;
      }
      const access = instance ? await accessOn(instance, userId) : null;
      if (!access) throw new NoJiraAccessError(instance && named ? `You are not connected to ${instance.id}: connect first with \`/jira connect ${instance.alias || instance.id}\`.` : CONNECT_FIRST);
      return access;
    },
  };
}

/** The user's access to the installed instance with this id, or why they have none (for an ephemeral answer). */
export async function accessToInstance(ctx: IssuesContext, userId: string, instanceId: unknown): Promise<JiraAccess | string> {
  const instance = (await ctx.instances()).find((candidate) => candidate.id === instanceId);
  if (!instance) return 'That Jira instance is no longer installed.';
  return (await ctx.accessOn(instance, userId)) ?? CONNECT_FIRST;
}

/** Takes a flag and its value (`--instance <url|alias>`, `--project KEY`) out of a command's words. */
export function takeFlag(words: readonly string[], flag: string): { value: string | undefined; rest: string[] } {
  const rest = [...words];
  const at = rest.findIndex((word) => word.toLowerCase() === flag);
  if (at < 0) return { value: undefined, rest };
  const [, value] = rest.splice(at, 2);
  return { value, rest };
}
