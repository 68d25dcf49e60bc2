// Profile pictures and team icons: uploaded pictures are stored as 128-pixel square PNGs in the
// file store (Mattermost's keys, users/{id}/profile.png and teams/{id}/teamIcon.png), and a user
// without one gets a generated picture — their initials on a colour of their own. A picture is
// changed by its user (or someone with edit_other_users), an icon by the team's managers.
import { createHash } from 'node:crypto';
import { loadSharp } from './sharp-loader.ts';
import type { ConfigService } from '../config/config-service.ts';
import type { Repositories } from '../store/store.ts';
import type { User } from '../store/entities/user.ts';
import type { Team } from '../store/entities/team.ts';
import type { AppEvents } from './app-events.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';
import type { FileStore } from './file-store/file-store.ts';
import type { UserService } from './user-service.ts';
import type { TeamService } from './team-service.ts';
import { readAll } from './image-bytes.ts';
import { readImageFacts } from './image-previews.ts';

export interface PictureDeps {
  store: Repositories;
  config: ConfigService;
  events: AppEvents;
  permissions: PermissionService;
  fileStore: () => FileStore;
  users: UserService;
  teams: TeamService;
}

/**
 * A picture (a user's, uploaded or generated, or a team's icon) whose version (its ETag) is known
 * before its bytes, so that a client that has this version is answered 304 without the picture being
 * read or generated.
 */
export interface VersionedPicture {
  version: string;
  /** The bytes, and their version: another one when an uploaded picture went missing and the generated one stands in. */
  load(): Promise<{ png: Buffer; version: string }>;
}

/** The generated picture follows the username, so it is revalidated by both. */
export function generatedPictureVersion(user: User): string {
  return `0-${user.username}`;
}

/** Mattermost's profile picture and team icon size, in pixels. */
const SIDE = 128;
const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'gif', 'webp']);
/** Generated pictures kept rendered: the web app shows many at once. */
const GENERATED_CACHE_MAX = 1000;

/** The error ids of one kind of picture, Mattermost's for profile pictures and for team icons. */
interface PictureErrors {
  decode: string;
  tooLarge: string;
  what: string;
}

const PROFILE_ERRORS: PictureErrors = { decode: 'api.user.upload_profile_user.decode.app_error', tooLarge: 'api.user.upload_profile_user.large_image.app_error', what: 'profile picture' };
const TEAM_ICON_ERRORS: PictureErrors = { decode: 'api.team.set_team_icon.decode.app_error', tooLarge: 'api.team.set_team_icon.check_image_limits.app_error', what: 'team icon' };

export class PictureService {
  #deps: PictureDeps;
  #generated = new Map<string, Buffer>();

  constructor(deps: PictureDeps) {
    this.#deps = deps;
  }

  /**
   * GET /users/{id}/image: the uploaded picture, or the generated one when there is none (or it went
   * missing); refused to a guest who shares no channel with the user, as Mattermost.
   */
  async userPicture(actor: Actor, userId: string): Promise<VersionedPicture> {
    const user = await this.#deps.users.get(userId);
    await this.#deps.permissions.requireSeeUsers(actor, [user.id]);
    const generated = async () => ({ png: await this.defaultPicture(user), version: generatedPictureVersion(user) });
    if (user.lastPictureUpdate === 0) return { version: generatedPictureVersion(user), load: generated };
    return {
      version: `${user.lastPictureUpdate}`,
      load: async () => {
        const stream = await this.#deps.fileStore().read(profilePath(user.id));
        return stream ? { png: await readAll(stream), version: `${user.lastPictureUpdate}` } : generated();
      },
    };
  }

  /** GET /users/{id}/image/default: initials on a colour derived from the user's id. */
  async defaultPicture(user: User): Promise<Buffer> {
    const key = `${user.id}:${user.username}`;
    const cached = this.#generated.get(key);
    if (cached) return cached;
    const sharp = await loadSharp();
    const png = await sharp(Buffer.from(initialsSvg(user))).png().toBuffer();
    if (this.#generated.size >= GENERATED_CACHE_MAX) this.#generated.delete(this.#generated.keys().next().value as string);
    this.#generated.set(key, png);
    return png;
  }

  /** POST /users/{id}/image; `receive` reads the upload, once the caller may make the change. */
  async setUserPicture(actor: Actor, userId: string, receive: () => Promise<Buffer>): Promise<User> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    const user = await this.#deps.users.get(userId);
    await this.#deps.fileStore().write(profilePath(user.id), await this.#square(await receive(), PROFILE_ERRORS));
    return this.#pictureChanged(user.id, Date.now());
  }

  /** DELETE /users/{id}/image: back to the generated picture. */
  async resetUserPicture(actor: Actor, userId: string): Promise<User> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    const user = await this.#deps.users.get(userId);
    await this.#deps.fileStore().remove(profilePath(user.id));
    return this.#pictureChanged(user.id, 0);
  }

  /** GET /teams/{id}/image, for whoever may view the team; 404 when it has no icon. */
  async teamIcon(actor: Actor, teamId: string): Promise<VersionedPicture> {
    const { team } = await this.#deps.teams.get(actor, teamId);
    const noIcon = () => new AppError('api.team.get_team_icon.read_file.app_error', 404, 'The team has no icon.', { details: `team_id=${team.id}` });
    if (team.lastTeamIconUpdate === 0) throw noIcon();
    const version = `${team.lastTeamIconUpdate}`;
    return {
      version,
      load: async () => {
        const stream = await this.#deps.fileStore().read(teamIconPath(team.id));
        if (!stream) throw noIcon();
        return { png: await readAll(stream), version };
      },
    };
  }

  /** POST /teams/{id}/image (manage_team); `receive` reads the upload, once the caller may make the change. */
  async setTeamIcon(actor: Actor, teamId: string, receive: () => Promise<Buffer>): Promise<Team> {
    const team = await this.#managedTeam(actor, teamId);
    await this.#deps.fileStore().write(teamIconPath(team.id), await this.#square(await receive(), TEAM_ICON_ERRORS));
    return this.#iconChanged(team.id, Date.now());
  }

  /** DELETE /teams/{id}/image (manage_team). */
  async removeTeamIcon(actor: Actor, teamId: string): Promise<Team> {
    const team = await this.#managedTeam(actor, teamId);
    await this.#deps.fileStore().remove(teamIconPath(team.id));
    return this.#iconChanged(team.id, 0);
  }

  async #managedTeam(actor: Actor, teamId: string): Promise<Team> {
    const { team } = await this.#deps.teams.get(actor, teamId);
    await this.#deps.permissions.requireTeam(actor, team.id, 'manage_team');
    return team;
  }

  async #pictureChanged(userId: string, lastPictureUpdate: number): Promise<User> {
    const updated = await this.#deps.store.users.update(userId, { lastPictureUpdate, updateAt: Date.now() });
    if (!updated) throw AppError.notFound('user', userId);
    this.#deps.users.publishUpdated(updated);
    return updated;
  }

  async #iconChanged(teamId: string, lastTeamIconUpdate: number): Promise<Team> {
    const updated = await this.#deps.store.teams.update(teamId, { lastTeamIconUpdate, updateAt: Date.now() });
    if (!updated) throw AppError.notFound('team', teamId);
    this.#deps.events.publish({ event: 'update_team', subject: { kind: 'team', team: updated }, broadcast: { team_id: teamId } });
    return updated;
  }

  /** The picture cut to a centred square, scaled to 128 pixels and stored as PNG (Mattermost's Fill). */
  async #square(image: Buffer, errors: PictureErrors): Promise<Buffer> {
    const facts = await readImageFacts(image);
    if (!facts || !ACCEPTED_FORMATS.has(facts.format)) throw AppError.badRequest(errors.decode, `A ${errors.what} must be a PNG, JPEG, GIF or WebP picture.`);
    const limit = this.#deps.config.get().FileSettings.MaxImageResolution;
    if (facts.width * facts.height > limit) {
      throw AppError.badRequest(errors.tooLarge, `The ${errors.what} (${facts.width} by ${facts.height} pixels) is larger than the limit of ${limit} pixels.`);
    }
    const sharp = await loadSharp();
    try {
      return await sharp(image).rotate().resize(SIDE, SIDE, { fit: 'cover', position: 'centre' }).png().toBuffer();
    } catch (err) {
      throw new AppError(errors.decode, 400, `The ${errors.what} could not be read.`, { cause: err });
    }
  }
}

function profilePath(userId: string): string {
  return `users/${userId}/profile.png`;
}

function teamIconPath(teamId: string): string {
  return `teams/${teamId}/teamIcon.png`;
}

/** Up to two initials from the username's parts (`jane.doe` → JD); usernames hold no markup, but only letters and digits are kept. */
function initialsSvg(user: User): string {
  const initials =
    user.username
      .split(/[._-]+/)
      .map((part) => part.replace(/[^a-z0-9]/gi, '').charAt(0))
      .filter(Boolean)
      .slice(0, 2)
      .join('')
      .toUpperCase() || '?';
  const hue = createHash('sha256').update(user.id).digest().readUInt16BE(0) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIDE}" height="${SIDE}"><rect width="${SIDE}" height="${SIDE}" fill="hsl(${hue}, 45%, 42%)"/><text x="50%" y="50%" dy="0.35em" text-anchor="middle" font-family="sans-serif" font-size="52" fill="#ffffff">${initials}</text></svg>`;
}
