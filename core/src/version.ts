// The Mattermost API version Parley speaks; clients compare it to decide which features to use.
export const SERVER_VERSION = '10.5.0';
