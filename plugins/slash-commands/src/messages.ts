// Mattermost's English texts for the slash commands (server/i18n/en.json), so that people and
// integrations see the same answers as on a Mattermost server.

export const HELP_LINK_DEFAULT = 'https://mattermost.com/pl/help/';

export const T = {
  awaySuccess: 'You are now away',
  onlineSuccess: 'You are now online',
  offlineSuccess: 'You are now offline',
  dndSuccess: 'Do Not Disturb is enabled. You will not receive desktop or mobile push notifications until Do Not Disturb is turned off.',

  codeMessage: 'A message must be provided with the /code command.',

  echoMessage: 'A message must be provided with the /echo command.',
  echoDelay: 'Delays must be under 10000 seconds.',
  echoHighVolume: 'High volume of echo request, cannot process request.',

  joinList: 'An error occurred while listing channels.',
  joinMissing: 'Unable to find the channel.',
  joinFail: 'An error occurred while joining the channel.',

  leaveFail: 'An error occurred while leaving the channel.',
  leaveDefault: (channel: string) => `Unable to leave the default channel ${channel}.`,

  msgMissing: 'Unable to find the user.',
  msgFail: 'An error occurred while messaging the user.',
  msgPermission: "You don't have the appropriate permissions to direct message this user.",
  msgDmFail: 'An error occurred while creating the direct message.',

  removeChannel: 'Error retrieving the current channel.',
  removePermission: "You don't have the appropriate permissions to remove the member.",
  removeDirectGroup: "You can't remove someone from a direct message channel.",
  removeMessage: 'A message must be provided with the /remove or /kick command.',
  removeMissing: "We couldn't find the user. They may have been deactivated by the System Administrator.",
  removeNotInChannel: (username: string) => `${username} is not a member of this channel.`,
  removeDefault: (channel: string) => `Unable to remove user from the default channel ${channel}.`,

  headerChannel: 'Error to retrieve the current channel.',
  headerPermission: "You don't have the appropriate permissions to edit the channel header.",
  headerMessage: 'Text must be provided with the /header command.',
  headerUpdate: 'Error updating the channel header.',
  headerMaxLength: (max: number) => `The text entered exceeds the character limit. The channel header is limited to ${max} characters.`,

  purposeChannel: 'Error to retrieve the current channel.',
  purposePermission: "You don't have the appropriate permissions to edit the channel purpose.",
  purposeDirectGroup: 'Unable to set purpose for direct message channels. Use /header to set the header instead.',
  purposeMessage: 'A message must be provided with the /purpose command.',
  purposeUpdate: 'Error updating the channel purpose.',
  purposeMaxLength: (max: number) => `The text entered exceeds the character limit. The channel purpose is limited to ${max} characters.`,

  renameChannel: 'Error to retrieve the current channel.',
  renamePermission: "You don't have the appropriate permissions to rename the channel.",
  renameDirectGroup: 'Unable to rename direct message channels.',
  renameMessage: 'A message must be provided with the /rename command.',
  renameTooLong: (max: number) => `Channel name must be ${max} or fewer characters.`,
  renameUpdate: 'Error to update the current channel.',

  inviteMissingMessage: 'Missing Username and/or Channel.',
  inviteMissingUser: (user: string) => `We couldn't find the user ${user}. They may have been deactivated by the System Administrator.`,
  inviteChannelError: (channel: string) =>
    `Could not find the channel ${channel}. Please use the [channel handle](https://docs.mattermost.com/messaging/managing-channels.html#naming-a-channel) to identify channels.`,
  inviteCurrentChannel: 'Error to retrieve the current channel.',
  invitePermission: (user: string, channel: string) => `You don't have enough permissions to add ${user} in ${channel}.`,
  inviteDirectChannel: "You can't add someone to a direct message channel.",
  inviteSuccess: (users: string, channel: string) => `${users} added to ${channel} channel.`,
  inviteAlreadyInChannel: (users: string, count: number) => (count === 1 ? `${users} is already in the channel.` : `${users} are already in the channel.`),
  inviteNotInTeam: (users: string, team: string) => `You can add ${users} to this channel once they are members of the **${team}** team.`,
  inviteFail: 'An error occurred while joining the channel.',

  helpLink: (link: string) => `[View documentation and guides](${link})`,
} as const;

/** The built-in commands' autocomplete texts (Mattermost's api.command_<name>.desc / .hint / .name). */
export const COMMAND_TEXTS = {
  away: { desc: 'Set your status away' },
  code: { desc: 'Display text as a code block', hint: '[text]' },
  dnd: { desc: 'Do not disturb disables desktop and mobile push notifications.' },
  echo: { desc: 'Echo back text from your account', hint: "'message' [delay in seconds]" },
  header: { desc: 'Edit the channel header', hint: '[text]' },
  help: { desc: 'Show Mattermost help message' },
  invite: { desc: 'Invite a user to a channel', hint: '@[username]... ~[channel]...' },
  join: { desc: 'Join the open channel', hint: '~[channel]' },
  kick: { desc: 'Remove a member from the channel', hint: '@[username]' },
  leave: { desc: 'Leave the current channel' },
  me: { desc: 'Do an action', hint: '[message]' },
  msg: { desc: 'Send Direct Message to a user', hint: "@[username] 'message'" },
  offline: { desc: 'Set your status offline' },
  online: { desc: 'Set your status online' },
  open: { desc: 'Join the open channel', hint: '~[channel]' },
  purpose: { desc: 'Edit the channel purpose', hint: '[text]' },
  remove: { desc: 'Remove a member from the channel', hint: '@[username]' },
  rename: { desc: 'Rename the channel', hint: '[text]' },
  shrug: { desc: 'Adds ¯\\_(ツ)_/¯ to your message', hint: '[message]' },
} as const;
