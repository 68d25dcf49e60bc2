// Ephemeral posts: shown to one user's clients and never stored (Mattermost's SendEphemeralPost,
// UpdateEphemeralPost, DeleteEphemeralPost). Their actions carry sealed cookies in place of their
// integrations (client-post-props.ts), since there is no stored post to find them in.
import type { EventBus } from '../../cluster/event-bus.ts';
import type { IntegrationSecrets } from '../../app/integration-secrets.ts';
import type { PermissionService } from '../../app/permission-service.ts';
import type { Actor } from '../../app/actor.ts';
import { AppError } from '../../errors/app-error.ts';
import { MAX_MESSAGE_RUNES, runeCount } from '../../app/post-text.ts';
import type { EphemeralPostInput } from '../../wire/ephemeral-post.ts';
import { newId } from '../../app/ids.ts';
import { sealActionCookies, withActionIds } from '../../app/post-actions.ts';
import { clientPostProps } from '../../wire/client-post-props.ts';

export interface EphemeralFields {
  /** The post's id when it replaces one shown before; a new id otherwise. */
  id?: string;
  senderId: string;
  channelId: string;
  rootId: string;
  message: string;
  props: Record<string, unknown>;
}

export class EphemeralPosts {
  #events: EventBus;
  #secrets: IntegrationSecrets;
  #permissions: PermissionService;

  constructor(events: EventBus, secrets: IntegrationSecrets, permissions: PermissionService) {
    this.#events = events;
    this.#secrets = secrets;
    this.#permissions = permissions;
  }

  /**
   * POST /posts/ephemeral: a post from the caller shown to one user. Mattermost asks only for the
   * system permission create_post_ephemeral (admins in the default scheme), not for access to the
   * channel: whoever holds it speaks for the server, as an integration does.
   */
  async sendAs(actor: Actor, input: EphemeralPostInput): Promise<Record<string, unknown>> {
    this.#permissions.requireSystem(actor, 'create_post_ephemeral');
    if (runeCount(input.message) > MAX_MESSAGE_RUNES) {
      throw AppError.badRequest('model.post.is_valid.msg.app_error', `The message is longer than ${MAX_MESSAGE_RUNES} characters.`);
    }
    const { recipientId, ...post } = input;
    return this.send(recipientId, { ...post, senderId: actor.userId });
  }

  /** Shows a post to the recipient's clients that can see its channel (`ephemeral_message`). */
  async send(recipientId: string, fields: EphemeralFields): Promise<Record<string, unknown>> {
    const post = await this.#post(fields);
    this.#events.publish({ event: 'ephemeral_message', data: { post: JSON.stringify(post) }, broadcast: { user_id: recipientId, channel_id: fields.channelId } });
    return post;
  }

  /** Replaces a post shown before with the same id (`post_edited`). */
  async update(recipientId: string, fields: EphemeralFields & { id: string }): Promise<Record<string, unknown>> {
    const post = await this.#post(fields);
    this.#events.publish({ event: 'post_edited', data: { post: JSON.stringify(post) }, broadcast: { user_id: recipientId, channel_id: fields.channelId } });
    return post;
  }

  /** Takes a post shown before off the recipient's screens (`post_deleted`). */
  delete(recipientId: string, postId: string): void {
    const now = Date.now();
    const post = { id: postId, user_id: recipientId, type: 'system_ephemeral', delete_at: now, update_at: now };
    this.#events.publish({ event: 'post_deleted', data: { post: JSON.stringify(post) }, broadcast: { user_id: recipientId } });
  }

  async #post(fields: EphemeralFields): Promise<Record<string, unknown>> {
    const now = Date.now();
    const id = fields.id ?? newId();
    const props = withActionIds(fields.props);
    const cookies = await sealActionCookies(props, { postId: id, senderId: fields.senderId, rootPostId: fields.rootId || id, channelId: fields.channelId }, (cookie) => this.#secrets.seal(cookie));
    return {
      id,
      create_at: now,
      update_at: now,
      edit_at: 0,
      delete_at: 0,
      is_pinned: false,
      user_id: fields.senderId,
      channel_id: fields.channelId,
      root_id: fields.rootId,
      original_id: '',
      message: fields.message,
      type: 'system_ephemeral',
      props: clientPostProps(props, cookies),
      hashtags: '',
      file_ids: [],
      pending_post_id: '',
      reply_count: 0,
      metadata: {},
    };
  }
}
