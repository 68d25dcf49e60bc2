// Channel moderation on the wire: Mattermost's ChannelModeration list
// (`[{name, roles: {members: {value, enabled}, guests: {value, enabled}}}]`, no guests for
// manage_members) and the patch list PUT /channels/{id}/moderations/patch takes
// (`[{name, roles: {members?: bool, guests?: bool}}]`).
import type { ChannelModerationPatch, ChannelModerationView } from '../app/channel-moderation-service.ts';
import { isModeratedPermission, MODERATED_PERMISSIONS } from '../app/moderated-permissions.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

/** More entries than every name for both audiences many times over is not a patch. */
const MAX_PATCHES = 100;

export function toWireChannelModeration(view: ChannelModerationView): Record<string, unknown> {
  const roles: Record<string, unknown> = { members: view.members };
  if (view.guests) roles.guests = view.guests;
  return { name: view.name, roles };
}

export function decodeChannelModerationPatches(body: unknown, refuse: Refusal = paramRefusal): ChannelModerationPatch[] {
  if (!Array.isArray(body)) throw refuse('body', 'expected a JSON array of {name, roles} patches');
  if (body.length > MAX_PATCHES) throw refuse('body', `must have at most ${MAX_PATCHES} patches`);
  return body.map((item, index) => {
    const where = `[${index}]`;
    const fields = JsonFields.of(item, where, (field, why) => refuse(`${where}.${field}`, why));
    const name = fields.string('name');
    if (!isModeratedPermission(name)) throw refuse(`${where}.name`, `must be one of ${MODERATED_PERMISSIONS.join(', ')}`);
    const roles = JsonFields.of(fields.object('roles'), `${where}.roles`, (field, why) => refuse(`${where}.roles.${field}`, why));
    const patch: ChannelModerationPatch = { name };
    if (roles.has('members')) patch.members = roles.boolean('members');
    if (roles.has('guests')) patch.guests = roles.boolean('guests');
    return patch;
  });
}
