// updateKvAtomically: the read, compute, compare-and-set loop of @parley/plugin-api, against a KV
// whose writes another writer can slip between.
import { expect } from 'chai';
import { KvConflictError, updateKvAtomically, type PluginAPI } from '@parley/plugin-api';

type Kv = Pick<PluginAPI['kv'], 'get' | 'compareAndSet'>;

/** An in-memory KV with compare-and-set on JSON equality; `interfere` runs before each compare-and-set. */
function memoryKv(interfere: (store: Map<string, unknown>) => void = () => {}): Kv & { store: Map<string, unknown> } {
  const store = new Map<string, unknown>();
  return {
    store,
    get: async <T>(key: string) => (store.has(key) ? (store.get(key) as T) : null),
    compareAndSet: async (key: string, expected: unknown, next: unknown) => {
      interfere(store);
      const current = store.has(key) ? store.get(key) : null;
      if (JSON.stringify(current) !== JSON.stringify(expected)) return false;
      store.set(key, next);
      return true;
    },
  };
}

describe('updateKvAtomically', () => {
  it('writes the value computed from the one read, starting from null for an absent key', async () => {
    const kv = memoryKv();
    expect(await updateKvAtomically<number>(kv, 'count', (n) => (n ?? 0) + 1)).to.equal(1);
    expect(await updateKvAtomically<number>(kv, 'count', (n) => (n ?? 0) + 1)).to.equal(2);
    expect(kv.store.get('count')).to.equal(2);
  });

  it('reads again and computes again when another writer changed the key in between', async () => {
    let interferences = 2;
    const kv = memoryKv((store) => {
      if (interferences-- > 0) store.set('count', ((store.get('count') as number) ?? 0) + 10);
    });
    const seen: Array<number | null> = [];
    const written = await updateKvAtomically<number>(kv, 'count', (n) => {
      seen.push(n);
      return (n ?? 0) + 1;
    });
    expect(seen).to.deep.equal([null, 10, 20]);
    expect(written).to.equal(21);
    expect(kv.store.get('count')).to.equal(21);
  });

  it('loses no update among concurrent callers', async () => {
    const kv = memoryKv();
    await Promise.all(Array.from({ length: 20 }, () => updateKvAtomically<number>(kv, 'count', (n) => (n ?? 0) + 1, { attempts: 50 })));
    expect(kv.store.get('count')).to.equal(20);
  });

  it('gives up with plugin.kv.conflict after its attempts, and refuses a null result or a bad attempt count', async () => {
    const kv = memoryKv((store) => store.set('busy', Math.random()));
    let error: unknown;
    await updateKvAtomically(kv, 'busy', () => 1, { attempts: 3 }).catch((err: unknown) => (error = err));
    expect(error).to.be.instanceOf(KvConflictError);
    expect((error as KvConflictError).id).to.equal('plugin.kv.conflict');
    expect((error as Error).message).to.include('3 attempts');
    await updateKvAtomically(memoryKv(), 'k', () => null as never).then(
      () => expect.fail('a null result was written'),
      (err: unknown) => expect(err).to.be.instanceOf(TypeError),
    );
    await updateKvAtomically(memoryKv(), 'k', () => 1, { attempts: 0 }).then(
      () => expect.fail('zero attempts were accepted'),
      (err: unknown) => expect(err).to.be.instanceOf(RangeError),
    );
  });
});
