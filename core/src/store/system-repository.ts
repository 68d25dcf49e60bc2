import { Repository } from './repository.ts';

export class SystemRepository extends Repository {
  /**
   * The value stored under `name`; when there is none yet, `proposed` is stored and returned. Two
   * nodes proposing at once both get the one value that was stored first.
   */
  async getOrCreate(name: string, proposed: string): Promise<string> {
    const rows = await this.sql<{ value: string }>(
      `with inserted as (insert into systems (name, value) values (?, ?) on conflict (name) do nothing returning value)
       select value from inserted union all select value from systems where name = ?`,
      [name, proposed, name],
    );
    return rows[0].value;
  }
}
