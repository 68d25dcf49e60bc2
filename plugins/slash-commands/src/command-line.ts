// How Mattermost splits a command line: the trigger up to the first whitespace (lower-cased, without
// the slash) and the message after that one character, kept as typed.

export interface CommandLine {
  trigger: string;
  message: string;
}

export function splitCommandLine(command: string): CommandLine {
  const index = command.search(/\s/);
  const head = index === -1 ? command : command.slice(0, index);
  return {
    trigger: head.replace(/^\//, '').toLowerCase(),
    message: index === -1 ? '' : command.slice(index + 1),
  };
}
