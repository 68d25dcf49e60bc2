// The editor's parts for what a run does when it starts and as it goes (Mattermost's "Actions"):
// its channel (a new one per run, named from a template and public or private, or one channel linked
// to every run), its default owner, the people invited, the webhooks called at its start, and the
// channels its status updates are broadcast to. The channels offered are the caller's own channels of
// the team that they may post in; one already chosen by someone else is kept and shown as such.
import { field, h, options } from './dom.ts';
import { checkboxField, linesField, personSelect, textControl, type EditorContext } from './editor-controls.ts';
import { personSearch } from './person-search.ts';
import { personName, type PickableChannel } from './playbooks-client.ts';

const CREATE_NEW_CHANNEL = 'create_new_channel';
const LINK_EXISTING_CHANNEL = 'link_existing_channel';

function channelLabel(channel: PickableChannel): string {
  return `${channel.display_name} (${channel.type === 'P' ? 'private' : 'public'})`;
}

function runChannelFields(ctx: EditorContext): HTMLElement {
  const { playbook, redraw } = ctx;
  const mode = (id: string, value: string, label: string) =>
    h('div', { className: 'field inline' }, h('input', { type: 'radio', id, name: 'channel-mode', value, checked: playbook.channel_mode === value, onchange: () => { playbook.channel_mode = value; redraw(); } }), h('label', { for: id }, label));
  const known = ctx.channels.some((channel) => channel.id === playbook.channel_id);
  const linkChoices: Array<readonly [string, string]> = [['', 'Choose a channel'], ...ctx.channels.map((channel) => [channel.id, channelLabel(channel)] as const)];
  if (playbook.channel_id !== '' && !known) linkChoices.push([playbook.channel_id, 'A channel you are not in']);
  return h(
    'fieldset',
    {},
    h('legend', {}, 'Run channel'),
    mode('channel-mode-create', CREATE_NEW_CHANNEL, 'Create a new channel for each run'),
    mode('channel-mode-link', LINK_EXISTING_CHANNEL, 'Link an existing channel to every run'),
    playbook.channel_mode === LINK_EXISTING_CHANNEL
      ? field('linked-channel', 'Channel to link', h('select', { onchange: (event) => (playbook.channel_id = (event.target as HTMLSelectElement).value) }, ...options(linkChoices, playbook.channel_id)))
      : h(
          'div',
          {},
          field('channel-name-template', 'Channel name template', textControl(playbook.channel_name_template, (value) => (playbook.channel_name_template = value), { maxlength: 64 }), 'The new channel\'s name; {{name}} stands for the run\'s name. Empty: the run\'s name.'),
          checkboxField('channel-public', 'Make the run channel public', playbook.create_public_playbook_run, (value) => (playbook.create_public_playbook_run = value)),
        ),
  );
}

function invitationFields(ctx: EditorContext): HTMLElement[] {
  const { playbook, redraw } = ctx;
  const people = new Map(ctx.people.map((person) => [person.id, person]));
  return [
    checkboxField('invite-enabled', 'Invite people to each run', playbook.invite_users_enabled, (value) => (playbook.invite_users_enabled = value)),
    playbook.invited_user_ids.length === 0
      ? h('p', { className: 'hint' }, 'Nobody is invited yet.')
      : h(
          'ul',
          { className: 'picked', 'aria-label': 'People invited' },
          ...playbook.invited_user_ids.map((userId, i) => {
            const name = personName(people, userId);
            return h('li', {}, name, ' ', h('button', { type: 'button', className: 'quiet', 'aria-label': `Remove ${name} from the invitations`, onclick: () => { playbook.invited_user_ids.splice(i, 1); redraw(); } }, 'Remove'));
          }),
        ),
    personSearch({
      id: 'invite-search',
      label: 'Search people to invite',
      matchesLabel: 'People found to invite',
      people: ctx.people,
      picked: new Set(playbook.invited_user_ids),
      pickLabel: (person) => `Invite ${personName(people, person.id)}`,
      onPick: (person) => {
        playbook.invited_user_ids.push(person.id);
        redraw();
      },
    }),
  ];
}

/** The run channel, the default owner, the invitations and the webhooks called when a run starts. */
export function runStartEditor(ctx: EditorContext): HTMLElement[] {
  const { playbook } = ctx;
  return [
    h('h2', {}, 'When a run starts'),
    runChannelFields(ctx),
    checkboxField('default-owner-enabled', 'Assign a default owner', playbook.default_owner_enabled, (value) => (playbook.default_owner_enabled = value)),
    field('default-owner', 'Default owner', personSelect(ctx.people, playbook.default_owner_id, 'Nobody', (userId) => (playbook.default_owner_id = userId))),
    ...invitationFields(ctx),
    checkboxField('creation-webhooks-enabled', 'Send outgoing webhooks when a run starts', playbook.webhook_on_creation_enabled, (value) => (playbook.webhook_on_creation_enabled = value)),
    linesField('creation-webhook-urls', 'Run start webhook URLs', playbook.webhook_on_creation_urls, (urls) => (playbook.webhook_on_creation_urls = urls)),
  ];
}

/** Whether status updates go to channels besides the run's, and which (a check box each). */
export function broadcastEditor(ctx: EditorContext): HTMLElement[] {
  const { playbook } = ctx;
  const chosen = new Set(playbook.broadcast_channel_ids);
  const toggle = (channelId: string, on: boolean) => {
    playbook.broadcast_channel_ids = on ? [...playbook.broadcast_channel_ids.filter((id) => id !== channelId), channelId] : playbook.broadcast_channel_ids.filter((id) => id !== channelId);
  };
  const others = playbook.broadcast_channel_ids.filter((id) => !ctx.channels.some((channel) => channel.id === id));
  return [
    checkboxField('broadcast-enabled', 'Broadcast status updates to other channels', playbook.broadcast_enabled, (value) => (playbook.broadcast_enabled = value)),
    h(
      'fieldset',
      { className: 'channel-choices' },
      h('legend', {}, 'Broadcast channels'),
      ctx.channels.length === 0 && others.length === 0 ? h('p', { className: 'hint' }, 'You are in no channel of this team you may post in.') : null,
      ...ctx.channels.map((channel) => checkboxField(`broadcast-${channel.id}`, channelLabel(channel), chosen.has(channel.id), (on) => toggle(channel.id, on))),
      ...others.map((channelId, i) => checkboxField(`broadcast-${channelId}`, `A channel you are not in (${i + 1})`, true, (on) => toggle(channelId, on))),
    ),
  ];
}
