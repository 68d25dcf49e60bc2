// Commands that only turn the typed text into a post: /me, /shrug and /code.
import { COMMAND_TEXTS, T } from '../messages.ts';
import { builtinCommand, ephemeral, type Builtin } from './builtin.ts';

const SHRUG = '¯\\\\\\_(ツ)\\_/¯';

export const me: Builtin = {
  command: builtinCommand('me', COMMAND_TEXTS.me),
  run: ({ message }) => ({ response_type: 'in_channel', type: 'me', text: `*${message}*` }),
};

export const shrug: Builtin = {
  command: builtinCommand('shrug', COMMAND_TEXTS.shrug),
  run: ({ message }) => ({ response_type: 'in_channel', text: message === '' ? SHRUG : `${message} ${SHRUG}` }),
};

export const code: Builtin = {
  command: builtinCommand('code', COMMAND_TEXTS.code),
  run: ({ message }) => {
    if (message === '') return ephemeral(T.codeMessage);
    return { response_type: 'in_channel', text: `    ${message.split('\n').join('\n    ')}` };
  },
};
