// A custom slash command as Mattermost stores and sends it (model.Command), and the rules a
// created or edited one must meet (Command.IsValid).
import { HttpError } from '@parley/plugin-api';
import { isValidId } from '@parley/plugin-api';

export interface CustomCommand {
  id: string;
  token: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  creator_id: string;
  team_id: string;
  trigger: string;
  /** Empty only in sanitized copies. */
  method: 'P' | 'G' | '';
  username: string;
  icon_url: string;
  auto_complete: boolean;
  auto_complete_desc: string;
  auto_complete_hint: string;
  display_name: string;
  description: string;
  url: string;
  plugin_id: string;
}

/** The fields a client chooses; the rest (id, token, creator, times) are the server's. */
export type CommandFields = Pick<
  CustomCommand,
  'team_id' | 'trigger' | 'method' | 'username' | 'icon_url' | 'auto_complete' | 'auto_complete_desc' | 'auto_complete_hint' | 'display_name' | 'description' | 'url'
>;

const MAX_URL_LENGTH = 1024;
const MAX_TRIGGER_LENGTH = 128;
const MAX_DISPLAY_NAME_LENGTH = 64;
const MAX_DESCRIPTION_LENGTH = 128;
/** The core's limit on autocomplete texts of registered commands. */
const MAX_AUTOCOMPLETE_TEXT_LENGTH = 1024;

function invalid(field: string, message: string): HttpError {
  return new HttpError(400, `model.command.is_valid.${field}.app_error`, message);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The client's fields of a create or update body, checked as Mattermost's Command.IsValid does. */
export function commandFields(body: Record<string, unknown>): CommandFields {
  const fields: CommandFields = {
    team_id: text(body.team_id),
    trigger: text(body.trigger).toLowerCase(),
    method: body.method === 'P' || body.method === 'G' ? body.method : '',
    username: text(body.username),
    icon_url: text(body.icon_url),
    auto_complete: body.auto_complete === true,
    auto_complete_desc: text(body.auto_complete_desc),
    auto_complete_hint: text(body.auto_complete_hint),
    display_name: text(body.display_name),
    description: text(body.description),
    url: text(body.url),
  };
  if (!isValidId(fields.team_id)) throw invalid('team_id', 'Invalid team ID.');
  const { trigger } = fields;
  if (trigger.length < 1 || trigger.length > MAX_TRIGGER_LENGTH || trigger.startsWith('/') || /\s/.test(trigger)) {
    throw invalid('trigger', `Invalid trigger: use 1 to ${MAX_TRIGGER_LENGTH} characters, without a leading "/" or spaces.`);
  }
  if (fields.url === '' || fields.url.length > MAX_URL_LENGTH) throw invalid('url', 'Invalid URL.');
  if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(fields.url)) throw invalid('url_http', 'Invalid URL. Must be a valid URL and start with http:// or https://.');
  if (fields.method === '') throw invalid('method', 'Invalid Method: use "P" (POST) or "G" (GET).');
  if (fields.display_name.length > MAX_DISPLAY_NAME_LENGTH) throw invalid('display_name', `Invalid title: at most ${MAX_DISPLAY_NAME_LENGTH} characters.`);
  if (fields.description.length > MAX_DESCRIPTION_LENGTH) throw invalid('description', `Invalid description: at most ${MAX_DESCRIPTION_LENGTH} characters.`);
  if (fields.auto_complete_desc.length > MAX_AUTOCOMPLETE_TEXT_LENGTH || fields.auto_complete_hint.length > MAX_AUTOCOMPLETE_TEXT_LENGTH) {
    throw invalid('autocomplete_data', `Invalid autocomplete text: at most ${MAX_AUTOCOMPLETE_TEXT_LENGTH} characters.`);
  }
  return fields;
}

/** What a list of every command shows of a custom one (Mattermost's Command.Sanitize). */
export function sanitized(command: CustomCommand): CustomCommand {
  return { ...command, token: '', creator_id: '', method: '', url: '', username: '', icon_url: '' };
}
