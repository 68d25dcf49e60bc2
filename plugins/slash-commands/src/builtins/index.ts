// Every built-in command, by trigger.
import type { Builtin } from './builtin.ts';
import { code, me, shrug } from './text-commands.ts';
import { away, dnd, offline, online } from './status-commands.ts';
import { headerCommand, joinCommand, kickCommand, leaveCommand, openCommand, purposeCommand, removeCommand, renameCommand } from './channel-commands.ts';
import { msgCommand } from './msg-command.ts';
import { inviteCommand } from './invite-command.ts';
import { echoCommand } from './echo-command.ts';
import { helpCommand } from './help-command.ts';

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(
  [
    me,
    shrug,
    code,
    away,
    online,
    dnd,
    offline,
    joinCommand,
    openCommand,
    leaveCommand,
    kickCommand,
    removeCommand,
    headerCommand,
    purposeCommand,
    renameCommand,
    msgCommand,
    inviteCommand,
    echoCommand,
    helpCommand,
  ].map((builtin) => [builtin.command.trigger, builtin]),
);
