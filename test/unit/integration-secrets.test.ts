// The server's seals and signatures for interactive messages: cookies only this server can read or
// make, trigger ids bound to a user and a time, one secret shared by every node.
import { expect } from 'chai';
import { IntegrationSecrets } from '../../core/src/app/integration-secrets.ts';
import type { SecretStore } from '../../core/src/app/server-secret.ts';
import { AppError } from '../../core/src/errors/app-error.ts';
import { findAction, readActionCookie, sealActionCookies, withActionIds } from '../../core/src/app/post-actions.ts';

/** A SecretStore in memory: the first proposal for a name wins, as in the `systems` table. */
function memoryStore(): SecretStore & { reads: number } {
  const values = new Map<string, string>();
  return {
    reads: 0,
    async getOrCreate(name, proposed) {
      this.reads += 1;
      if (!values.has(name)) values.set(name, proposed);
      return values.get(name)!;
    },
  };
}

async function refusedId(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(AppError);
    return (err as AppError).id;
  }
  throw new Error('expected a refusal');
}

describe('IntegrationSecrets', () => {
  it('opens what it sealed, and nothing altered, forged or sealed by another server', async () => {
    const store = memoryStore();
    const node1 = new IntegrationSecrets(store);
    const node2 = new IntegrationSecrets(store);
    const sealed = await node1.seal({ post_id: 'p', secret: 'token' });
    expect(Buffer.from(sealed, 'base64').toString('latin1')).to.not.include('token');
    expect(await node2.open(sealed)).to.deep.equal({ post_id: 'p', secret: 'token' });
    const altered = Buffer.from(sealed, 'base64');
    altered[altered.length - 20] ^= 0x40;
    expect(await node1.open(altered.toString('base64'))).to.equal(undefined);
    expect(await node1.open(Buffer.from('{"post_id":"p"}').toString('base64'))).to.equal(undefined);
    expect(await node1.open('')).to.equal(undefined);
    expect(await new IntegrationSecrets(memoryStore()).open(sealed)).to.equal(undefined);
    expect(store.reads).to.equal(2);
  });

  it('verifies its trigger ids on every node, for their user, until they are too old', async () => {
    const store = memoryStore();
    const { triggerId, clientTriggerId } = await new IntegrationSecrets(store).newTriggerId('u1');
    const other = new IntegrationSecrets(store);
    expect(await other.verifyTriggerId(triggerId, 30_000)).to.deep.equal({ userId: 'u1', clientTriggerId });
    const [id, , millis, signature] = Buffer.from(triggerId, 'base64').toString().split(':');
    const retargeted = Buffer.from([id, 'u2', millis, signature].join(':')).toString('base64');
    expect(await refusedId(other.verifyTriggerId(retargeted, 30_000))).to.equal('interactive_message.decode_trigger_id.verify_signature_failed');
    expect(await refusedId(other.verifyTriggerId(triggerId, -1))).to.equal('interactive_message.decode_trigger_id.expired');
    expect(await refusedId(other.verifyTriggerId('x', 30_000))).to.equal('interactive_message.decode_trigger_id.missing_data');
    expect(await refusedId(new IntegrationSecrets(memoryStore()).verifyTriggerId(triggerId, 30_000))).to.equal('interactive_message.decode_trigger_id.verify_signature_failed');
  });
});

describe('post actions', () => {
  it('seals one cookie per action with an integration, each naming its post and action', async () => {
    const secrets = new IntegrationSecrets(memoryStore());
    const props = withActionIds({
      override_username: 'bot',
      attachments: [{ actions: [{ name: 'A', type: 'select', options: [{ text: 'x', value: 'x' }], integration: { url: '/plugins/p/a', context: { k: 1 } } }, { name: 'No integration' }] }],
    });
    const [withIntegration, without] = (props.attachments as Array<{ actions: Array<{ id: string }> }>)[0].actions;
    const cookies = await sealActionCookies(props, { postId: 'post1', senderId: 'bot1', rootPostId: 'root1', channelId: 'chan1' }, (c) => secrets.seal(c));
    expect([...cookies.keys()]).to.deep.equal([withIntegration.id]);
    const cookie = readActionCookie((await secrets.open(cookies.get(withIntegration.id)!))!);
    expect(cookie).to.deep.equal({
      postId: 'post1',
      senderId: 'bot1',
      rootPostId: 'root1',
      channelId: 'chan1',
      action: { id: withIntegration.id, type: 'select', dataSource: '', optionValues: ['x'], integration: { url: '/plugins/p/a', context: { k: 1 } } },
      retain: { override_username: 'bot' },
      remove: ['from_webhook', 'override_icon_url', 'from_bot', 'from_plugin'],
    });
    expect(findAction(props, without.id)?.integration).to.equal(null);
    expect(findAction(props, 'missing')).to.equal(undefined);
  });

  it('leaves props without actions, or with good distinct ids, as they are', () => {
    const plain = { attachments: [{ text: 'hi' }] };
    expect(withActionIds(plain)).to.equal(plain);
    const good = { attachments: [{ actions: [{ id: 'a1' }] }, { actions: [{ id: 'b2' }] }] };
    expect(withActionIds(good)).to.equal(good);
  });
});
