// Profile pictures and team icons: Mattermost's /users/{id}/image (and /image/default) and
// /teams/{id}/image. Pictures are served with a day's private caching and an ETag of their last
// change, which Mattermost's clients also put in the URL (`?_=last_picture_update`).
import type { ApiRouter, RouteDeps } from '../api-router.ts';
import { idParam, ok, requireActor, type ParleyContext } from '../context.ts';
import { readImageForm } from '../multipart-image.ts';
import { userIdParam } from './user-routes.ts';
import { AppError } from '../../errors/app-error.ts';
import { generatedPictureVersion, type VersionedPicture } from '../../app/picture-service.ts';

const DAY_SECONDS = 24 * 60 * 60;

export function pictureRoutes(api: ApiRouter, { services, config }: RouteDeps): void {
  const pictures = services.pictures;
  /** The picture of a form (FileSettings.MaxFileSize), with the errors of `kind`. */
  const readPicture = async (ctx: ParleyContext, kind: 'user.upload_profile_user' | 'team.set_team_icon') => {
    const maxBytes = config.get().FileSettings.MaxFileSize;
    const form = await readImageForm(ctx, {
      field: 'image',
      maxBytes,
      tooLarge: () => new AppError(`api.${kind}.too_large.app_error`, 413, `The picture is larger than the limit of ${maxBytes} bytes.`, { details: 'FileSettings.MaxFileSize' }),
      missing: () => AppError.badRequest(`api.${kind}.no_file.app_error`, 'The form has no picture in its image field.'),
    });
    return form.image as Buffer;
  };

  api.get('/users/:user_id/image', async (ctx) => {
    await sendPng(ctx, await pictures.userPicture(requireActor(ctx), userIdParam(ctx)));
  });

  api.get('/users/:user_id/image/default', async (ctx) => {
    requireActor(ctx);
    const user = await services.users.get(userIdParam(ctx));
    const version = generatedPictureVersion(user);
    await sendPng(ctx, { version, load: async () => ({ png: await pictures.defaultPicture(user), version }) });
  });

  api.post('/users/:user_id/image', async (ctx) => {
    await pictures.setUserPicture(requireActor(ctx), userIdParam(ctx), () => readPicture(ctx, 'user.upload_profile_user'));
    ok(ctx);
  });

  api.delete('/users/:user_id/image', async (ctx) => {
    await pictures.resetUserPicture(requireActor(ctx), userIdParam(ctx));
    ok(ctx);
  });

  api.get('/teams/:team_id/image', async (ctx) => {
    await sendPng(ctx, await pictures.teamIcon(requireActor(ctx), idParam(ctx, 'team_id')));
  });

  api.post('/teams/:team_id/image', async (ctx) => {
    await pictures.setTeamIcon(requireActor(ctx), idParam(ctx, 'team_id'), () => readPicture(ctx, 'team.set_team_icon'));
    ok(ctx);
  });

  api.delete('/teams/:team_id/image', async (ctx) => {
    await pictures.removeTeamIcon(requireActor(ctx), idParam(ctx, 'team_id'));
    ok(ctx);
  });
}

/** A PNG with a day's private caching; 304, without reading the picture, when the client already has this version. */
async function sendPng(ctx: ParleyContext, picture: VersionedPicture): Promise<void> {
  ctx.set('Cache-Control', `max-age=${DAY_SECONDS}, private`);
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.etag = picture.version;
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  const { png, version } = await picture.load();
  ctx.etag = version;
  ctx.type = 'image/png';
  ctx.body = png;
}
