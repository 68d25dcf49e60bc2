// The channels every team starts with and every new team member joins, as in Mattermost.

export const TOWN_SQUARE = 'town-square';
export const OFF_TOPIC = 'off-topic';

export const DEFAULT_CHANNELS: ReadonlyArray<{ name: string; displayName: string }> = [
  { name: TOWN_SQUARE, displayName: 'Town Square' },
  { name: OFF_TOPIC, displayName: 'Off-Topic' },
];
