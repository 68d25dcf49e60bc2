// Where the user last did something that may open an interactive dialog (an attachment's button or
// select, a slash command): the dialog an integration then opens over the socket (open_dialog names
// no channel) is submitted with that channel and team, as Mattermost's web app submits with the
// channel the user was in — also when the action ran in a thread on the Threads page.

/** The channel and team an action ran in. */
export interface ActionPlace {
  teamId: string;
  channelId: string;
}

let lastPlace: ActionPlace = { teamId: '', channelId: '' };

export function rememberActionPlace(place: ActionPlace): void {
  lastPlace = { teamId: place.teamId, channelId: place.channelId };
}

export function lastActionPlace(): ActionPlace {
  return lastPlace;
}
