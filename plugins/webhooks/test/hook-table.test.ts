import { expect } from 'chai';
import type { PluginAPI } from '@parley/plugin-api';
import { HookTable, type StoredHook } from '../src/hook-table.ts';

/** The KV API over a Map, each call yielding to the event loop so concurrent calls interleave. */
function memoryKv(): { kv: PluginAPI['kv']; reads: string[]; data: Map<string, string> } {
  const data = new Map<string, string>();
  const reads: string[] = [];
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
  const kv = {
    async get(key: string) {
      reads.push(key);
      await tick();
      const json = data.get(key);
      return json === undefined ? null : JSON.parse(json);
    },
    async set(key: string, value: unknown) {
      await tick();
      data.set(key, JSON.stringify(value));
    },
    async delete(key: string) {
      await tick();
      data.delete(key);
    },
    async compareAndSet(key: string, expected: unknown, next: unknown) {
      await tick();
      const current = data.get(key) ?? null;
      if (current !== (expected === null ? null : JSON.stringify(expected))) return false;
      data.set(key, JSON.stringify(next));
      return true;
    },
  } as unknown as PluginAPI['kv'];
  return { kv, reads, data };
}

const hook = (id: string, team: string, createAt: number): StoredHook => ({ id, team_id: team, create_at: createAt });

describe('webhooks hook table', () => {
  it('keeps every hook of concurrent inserts in its team index', async () => {
    const { kv } = memoryKv();
    const table = new HookTable<StoredHook>(kv, 'incoming');
    await Promise.all(Array.from({ length: 20 }, (_, i) => table.insert(hook(`h${String(i).padStart(2, '0')}`, i % 2 ? 'odd' : 'even', i))));
    expect((await table.byTeam('even')).map((h) => h.id)).to.deep.equal(['h00', 'h02', 'h04', 'h06', 'h08', 'h10', 'h12', 'h14', 'h16', 'h18']);
    expect(await table.byTeam('odd')).to.have.length(10);
    expect((await table.all()).map((h) => h.create_at)).to.deep.equal([...Array(20).keys()]);
  });

  it("reads only the team's index and its hooks, never the other teams' hooks", async () => {
    const { kv, reads } = memoryKv();
    const table = new HookTable<StoredHook>(kv, 'outgoing');
    await table.insert(hook('a1', 'a', 1));
    await table.insert(hook('b1', 'b', 2));
    await table.insert(hook('b2', 'b', 3));
    reads.length = 0;
    expect((await table.byTeam('a')).map((h) => h.id)).to.deep.equal(['a1']);
    expect(reads).to.deep.equal(['outgoing:team:a', 'outgoing:a1']);
  });

  it('removes a hook from its record and its index, and replaces one in place', async () => {
    const { kv, data } = memoryKv();
    const table = new HookTable<StoredHook & { name: string }>(kv, 'incoming');
    await table.insert({ ...hook('x', 't', 1), name: 'one' });
    await table.insert({ ...hook('y', 't', 2), name: 'two' });
    await table.replace({ ...hook('y', 't', 2), name: 'renamed' });
    await table.remove({ ...hook('x', 't', 1), name: 'one' });
    expect(await table.get('x')).to.equal(null);
    expect((await table.byTeam('t')).map((h) => h.name)).to.deep.equal(['renamed']);
    expect(JSON.parse(data.get('incoming:team:t')!)).to.deep.equal(['y']);
    expect(await table.anyTeam()).to.equal(true);
  });

  it('answers that no team has hooks before the first insert', async () => {
    const table = new HookTable<StoredHook>(memoryKv().kv, 'outgoing');
    expect(await table.anyTeam()).to.equal(false);
    expect(await table.all()).to.deep.equal([]);
  });

  it('skips an id whose record is gone', async () => {
    const { kv, data } = memoryKv();
    const table = new HookTable<StoredHook>(kv, 'incoming');
    await table.insert(hook('keep', 't', 1));
    await table.insert(hook('lost', 't', 2));
    data.delete('incoming:lost');
    expect((await table.byTeam('t')).map((h) => h.id)).to.deep.equal(['keep']);
  });
});
