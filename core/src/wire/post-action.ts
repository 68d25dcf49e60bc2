// Interactive message actions on the wire: what a client sends when a user clicks a button or picks
// an option (Mattermost's DoPostActionRequest), and what the integration answers
// (PostActionIntegrationResponse).
import { AppError } from '../errors/app-error.ts';
import { isPlainObject } from '../app/plain-object.ts';
import { JsonFields } from './json-fields.ts';

export interface PostActionInput {
  /** The option picked in a select; '' for a button. */
  selectedOption: string;
  /** The sealed cookie of an ephemeral post's action; '' for a stored post. */
  cookie: string;
}

/** What the integration asked for: a new version of the post, a message to the clicking user, a place to go. */
export interface ActionAnswer {
  /** Replaces the post's message, and its props when `props` is not null. */
  update: { message: string; props: Record<string, unknown> | null } | null;
  ephemeralText: string;
  skipSlackParsing: boolean;
  gotoLocation: string;
}

/** Where a user used a plugin's UI surface (POST /plugins/{id}/ui/{surface_id}); every field optional. */
export interface SurfacePlaceInput {
  channelId: string;
  teamId: string;
  postId: string;
}

/** A cookie is an action's integration sealed: a few kilobytes at most. */
const MAX_COOKIE = 64 * 1024;

/** POST /posts/{id}/actions/{action_id}: an absent body is a click on a button. */
export function decodePostActionRequest(body: unknown): PostActionInput {
  if (body === undefined || body === null || (isPlainObject(body) && Object.keys(body).length === 0)) return { selectedOption: '', cookie: '' };
  const fields = JsonFields.of(body, 'action');
  return { selectedOption: fields.string('selected_option', { max: 4096 }), cookie: fields.string('cookie', { max: MAX_COOKIE }) };
}

/** The integration's answer; an empty answer asks for nothing. Anything but a JSON object is a failed integration. */
export function decodeActionAnswer(text: string, failure: string): ActionAnswer {
  const answer = parseAnswer(text, failure);
  const update = answer.update;
  const string = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    update: isPlainObject(update) ? { message: string(update.message), props: isPlainObject(update.props) ? update.props : null } : null,
    ephemeralText: string(answer.ephemeral_text),
    skipSlackParsing: answer.skip_slack_parsing === true,
    gotoLocation: string(answer.goto_location),
  };
}

/** The JSON object an integration answered with ({} for an empty answer). */
export function parseAnswer(text: string, failure: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw AppError.badRequest(failure, 'The integration answered with something that is not JSON.');
  }
  if (!isPlainObject(value)) throw AppError.badRequest(failure, 'The integration answered with JSON that is not an object.');
  return value;
}

/** POST /plugins/{id}/ui/{surface_id}: the channel, team or post the surface was used in. */
export function decodeSurfacePlace(body: unknown): SurfacePlaceInput {
  const fields = JsonFields.of(body ?? {}, 'place');
  return { channelId: fields.optionalId('channel_id'), teamId: fields.optionalId('team_id'), postId: fields.optionalId('post_id') };
}
