// The hot read paths map raw rows to entities themselves (store/row-mapper.ts); what they return
// must be exactly what the ORM's own hydration gives for the same rows, for every entity, so a
// column added to an entity can never come back differently through the two paths.
import { expect } from 'chai';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Bot } from '@mattermost/types/bots';
import type { Post } from '@mattermost/types/posts';
import { ALL_ENTITIES, User } from '../../core/src/store/entities/index.ts';
import { mapRows } from '../../core/src/store/row-mapper.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName } from '../helpers/fixtures.ts';
import { createChannelWith, createTeamWith } from '../helpers/chat-fixtures.ts';
import { textFile, upload } from '../helpers/file-fixtures.ts';

describe('row mapper', () => {
  let ts: TestServer;
  let orm: MikroORM;
  let bot: Bot;
  let person: string;

  before(async () => {
    ts = await startTestServer({ config: { ServiceSettings: { EnableBotAccountCreation: true } } });
    const admin = await createAdmin(ts);
    const alice = await createUser(ts, admin.client);
    const team = await createTeamWith(admin.client, [alice.user.id]);
    const channel = await createChannelWith(admin.client, team, [alice.user.id]);
    const uploaded = await upload(alice.client, channel.id, [textFile('notes.txt', 'hello')]);
    const post = await alice.client.createPost({
      channel_id: channel.id,
      message: 'with a file, a reaction and props @' + admin.user.username,
      file_ids: [uploaded.file_infos[0]!.id],
      props: { from_test: { nested: [1, 2] } },
    } as unknown as Post);
    await alice.client.createPost({ channel_id: channel.id, root_id: post.id, message: 'a reply' } as Post);
    await admin.client.addReaction(admin.user.id, post.id, 'tada');
    bot = await admin.client.createBot({ username: uniqueName('bot'), display_name: 'Row bot', description: 'maps rows' } as Bot);
    person = alice.user.id;
    await alice.client.savePreferences(alice.user.id, [{ user_id: alice.user.id, category: 'display_settings', name: 'use_military_time', value: 'true' }]);
    orm = await MikroORM.init({ clientUrl: ts.databaseUrl, entities: ALL_ENTITIES, pool: { min: 0, max: 1 }, allowGlobalContext: false });
  });
  after(async () => {
    await orm?.close(true);
    await ts?.close();
  });

  for (const schema of ALL_ENTITIES) {
    const entity = schema.meta.class as new () => object;
    it(`maps ${schema.meta.className} rows as the ORM hydrates them`, async () => {
      const em = orm.em.fork();
      const meta = em.getMetadata().get(entity);
      const order = meta.primaryKeys.map((key) => meta.properties[key]!.fieldNames[0]).join(', ');
      const rows = (await em.execute(`select * from ${meta.tableName} order by ${order}`, [], 'all')) as Array<Record<string, unknown>>;
      const hydrated = await em.find(entity, {}, { orderBy: Object.fromEntries(meta.primaryKeys.map((key) => [key, 'asc'])) });
      const mapped = mapRows(em, entity, rows);
      // Formulas are not columns: `select *` leaves them out, and the repository selects them itself (tested below).
      for (const prop of meta.props.filter((p) => p.formula)) for (const instance of hydrated) delete (instance as Record<string, unknown>)[prop.name];
      if (['User', 'Session', 'Team', 'TeamMember', 'Channel', 'ChannelMember', 'Post', 'Reaction', 'FileInfo'].includes(meta.className)) {
        expect(rows, 'the fixture has rows of this entity').to.not.be.empty;
      }
      expect(mapped.map((e) => ({ ...e }))).to.deep.equal(hydrated.map((e) => ({ ...e })));
      for (const instance of mapped) expect(instance).to.be.instanceOf(entity);
    });
  }

  it('reads a user with the formula of their bot description, as the ORM does', async () => {
    for (const id of [bot.user_id, person]) {
      const hydrated = await orm.em.fork().findOneOrFail(User, { id });
      const mapped = await ts.store.users.findById(id);
      expect({ ...mapped }).to.deep.equal({ ...hydrated });
    }
    expect((await ts.store.users.findById(bot.user_id))?.botDescription).to.equal('maps rows');
  });
});
