// Custom commands in the plugin's KV store: one record per command (`cmd:<id>`), and per team an
// index of its triggers (`team:<id>`) changed only by compare-and-set, so that two requests can
// never give one trigger to two commands of a team. `teams` lists the teams that have an index.
import type { PluginAPI } from '@parley/plugin-api';
import { HttpError } from '@parley/plugin-api';
import type { CustomCommand } from './custom-command.ts';

interface IndexEntry {
  id: string;
  trigger: string;
}

const TEAMS_KEY = 'teams';
/** Compare-and-set rounds before giving up on a key many requests change at once. */
const MAX_ATTEMPTS = 20;

const commandKey = (id: string) => `cmd:${id}`;
const teamKey = (teamId: string) => `team:${teamId}`;

export function duplicateTrigger(): HttpError {
  return new HttpError(400, 'api.command.duplicate_trigger.app_error', 'This trigger word is already in use. Please choose another word.');
}

export class CommandStore {
  #kv: PluginAPI['kv'];

  constructor(kv: PluginAPI['kv']) {
    this.#kv = kv;
  }

  get(id: string): Promise<CustomCommand | null> {
    return this.#kv.get<CustomCommand>(commandKey(id));
  }

  async listTeam(teamId: string): Promise<CustomCommand[]> {
    const index = (await this.#kv.get<IndexEntry[]>(teamKey(teamId))) ?? [];
    const commands = await Promise.all(index.map((entry) => this.get(entry.id)));
    return commands.filter((command): command is CustomCommand => command !== null);
  }

  async findByTrigger(teamId: string, trigger: string): Promise<CustomCommand | null> {
    const entry = ((await this.#kv.get<IndexEntry[]>(teamKey(teamId))) ?? []).find((e) => e.trigger === trigger);
    return entry ? this.get(entry.id) : null;
  }

  /** Every team with custom commands (some may have none left). */
  async teams(): Promise<string[]> {
    return (await this.#kv.get<string[]>(TEAMS_KEY)) ?? [];
  }

  /** Saves a new command; refuses a trigger the team already uses. */
  async create(command: CustomCommand): Promise<void> {
    await this.#kv.set(commandKey(command.id), command);
    try {
      await this.#claim(command.team_id, command);
    } catch (err) {
      await this.#kv.delete(commandKey(command.id));
      throw err;
    }
  }

  /** Saves an edited command (same team); a changed trigger must be free in the team. */
  async update(command: CustomCommand): Promise<void> {
    await this.#claim(command.team_id, command);
    await this.#kv.set(commandKey(command.id), command);
  }

  /** Moves a command to another team, where its trigger must be free. */
  async move(command: CustomCommand, teamId: string): Promise<CustomCommand> {
    const moved = { ...command, team_id: teamId, update_at: Date.now() };
    await this.#claim(teamId, moved);
    await this.#kv.set(commandKey(command.id), moved);
    await this.#release(command.team_id, command.id);
    return moved;
  }

  async delete(command: CustomCommand): Promise<void> {
    await this.#release(command.team_id, command.id);
    await this.#kv.delete(commandKey(command.id));
  }

  /** Puts the command's trigger into the team's index (replacing its old one there). */
  async #claim(teamId: string, command: CustomCommand): Promise<void> {
    await this.#change<string[]>(TEAMS_KEY, (teams) => (teams?.includes(teamId) ? teams : [...(teams ?? []), teamId]));
    await this.#change<IndexEntry[]>(teamKey(teamId), (index) => {
      const entries = index ?? [];
      if (entries.some((e) => e.trigger === command.trigger && e.id !== command.id)) throw duplicateTrigger();
      return [...entries.filter((e) => e.id !== command.id), { id: command.id, trigger: command.trigger }];
    });
  }

  async #release(teamId: string, id: string): Promise<void> {
    await this.#change<IndexEntry[]>(teamKey(teamId), (index) => (index ?? []).filter((e) => e.id !== id));
  }

  async #change<T>(key: string, change: (current: T | null) => T): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.#kv.get<T>(key);
      if (await this.#kv.compareAndSet(key, current, change(current))) return;
    }
    throw new HttpError(503, 'plugin.slash_commands.store.busy', 'Too many changes to slash commands at once; try again.');
  }
}
