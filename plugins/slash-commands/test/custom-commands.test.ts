import { expect } from 'chai';
import { commandFields, type CustomCommand } from '../src/custom/custom-command.ts';
import { CommandStore } from '../src/custom/command-store.ts';
import { HttpError } from '@parley/plugin-api';
import { newId } from '@parley/plugin-api';
import { FakeKv } from './fake-kv.ts';

const TEAM = newId();
const OTHER_TEAM = newId();

function command(trigger: string, teamId = TEAM): CustomCommand {
  return {
    ...commandFields({ team_id: teamId, trigger, method: 'P', url: 'https://example.com/cmd' }),
    id: newId(),
    token: newId(),
    create_at: 1,
    update_at: 1,
    delete_at: 0,
    creator_id: newId(),
    plugin_id: '',
  };
}

function errorId(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as HttpError).id;
  }
  return 'no error';
}

async function rejectionId(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => 'no error',
    (err: HttpError) => err.id,
  );
}

describe('slash-commands custom commands', () => {
  it("checks a command's fields as Mattermost's Command.IsValid does, lower-casing the trigger", async () => {
    const base = { team_id: TEAM, trigger: 'Deploy', method: 'G', url: 'http://ci.example.com/hook?x=1' };
    expect(commandFields(base)).to.include({ trigger: 'deploy', method: 'G', auto_complete: false, username: '' });
    expect(errorId(() => commandFields({ ...base, team_id: 'nope' }))).to.equal('model.command.is_valid.team_id.app_error');
    expect(errorId(() => commandFields({ ...base, trigger: '' }))).to.equal('model.command.is_valid.trigger.app_error');
    expect(errorId(() => commandFields({ ...base, trigger: 'x'.repeat(129) }))).to.equal('model.command.is_valid.trigger.app_error');
    expect(errorId(() => commandFields({ ...base, trigger: 'tab\there' }))).to.equal('model.command.is_valid.trigger.app_error');
    expect(errorId(() => commandFields({ ...base, url: '' }))).to.equal('model.command.is_valid.url.app_error');
    expect(errorId(() => commandFields({ ...base, url: 'mailto:a@b.c' }))).to.equal('model.command.is_valid.url_http.app_error');
    expect(errorId(() => commandFields({ ...base, method: 'POST' }))).to.equal('model.command.is_valid.method.app_error');
    expect(errorId(() => commandFields({ ...base, display_name: 'x'.repeat(65) }))).to.equal('model.command.is_valid.display_name.app_error');
    expect(errorId(() => commandFields({ ...base, description: 'x'.repeat(129) }))).to.equal('model.command.is_valid.description.app_error');
  });

  it('gives a trigger to one command per team, even when created at the same time', async () => {
    const store = new CommandStore(new FakeKv());
    const results = await Promise.allSettled([store.create(command('deploy')), store.create(command('deploy')), store.create(command('deploy', OTHER_TEAM))]);
    expect(results.map((r) => r.status)).to.have.members(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.listTeam(TEAM)).map((c) => c.trigger)).to.deep.equal(['deploy']);
    expect(await store.teams()).to.have.members([TEAM, OTHER_TEAM]);
  });

  it('frees the old trigger on an edit, and moves a command only to a team where its trigger is free', async () => {
    const store = new CommandStore(new FakeKv());
    const first = command('build');
    await store.create(first);
    await store.update({ ...first, trigger: 'make' });
    expect(await store.findByTrigger(TEAM, 'build')).to.equal(null);
    expect((await store.findByTrigger(TEAM, 'make'))?.id).to.equal(first.id);
    await store.create(command('make', OTHER_TEAM));
    expect(await rejectionId(store.move({ ...first, trigger: 'make' }, OTHER_TEAM))).to.equal('api.command.duplicate_trigger.app_error');
    expect((await store.get(first.id))?.team_id).to.equal(TEAM);
  });

  it('forgets a deleted command', async () => {
    const store = new CommandStore(new FakeKv());
    const doomed = command('doomed');
    await store.create(doomed);
    await store.delete(doomed);
    expect(await store.get(doomed.id)).to.equal(null);
    expect(await store.listTeam(TEAM)).to.deep.equal([]);
    await store.create(command('doomed'));
  });
});
