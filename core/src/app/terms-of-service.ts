// Custom terms of service, as Mattermost's (a licensed feature there, free here): a system admin
// publishes versions (the newest is in force), and each person accepts or rejects the one shown to
// them; what they last accepted, and when, is kept and shown on their own profile. Whether people
// must accept before using the server (SupportSettings.CustomTermsOfServiceEnabled, and again after
// CustomTermsOfServiceReAcceptancePeriod days) is for the client to enforce, as Mattermost's web and
// mobile apps do from the client configuration.
import type { ConfigService } from '../config/config-service.ts';
import type { Store } from '../store/store.ts';
import type { TermsOfService, UserTermsOfService } from '../store/terms-of-service-repository.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import { newId } from './ids.ts';
import type { PermissionService } from './permission-service.ts';

export interface TermsOfServiceDeps {
  store: Store;
  config: ConfigService;
  permissions: PermissionService;
}

/** Mattermost's limit on the text (model.TermsOfService.IsValid), in characters. */
const TEXT_MAX = 16383;

export class TermsOfServiceService {
  #deps: TermsOfServiceDeps;

  constructor(deps: TermsOfServiceDeps) {
    this.#deps = deps;
  }

  /** POST /terms_of_service (manage_system): a new version, unless the text is the one in force (which is answered). */
  async publish(actor: Actor, text: string): Promise<TermsOfService> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    if (text === '') throw AppError.badRequest('api.create_terms_of_service.empty_text.app_error', 'The terms of service need a text.');
    if ([...text].length > TEXT_MAX) throw AppError.badRequest('model.terms_of_service.is_valid.text.app_error', `The terms of service may be at most ${TEXT_MAX} characters long.`);
    const current = await this.#deps.store.termsOfService.latest();
    if (current?.text === text) return current;
    const terms: TermsOfService = { id: newId(), createAt: Date.now(), userId: actor.userId, text };
    await this.#deps.store.termsOfService.insert(terms);
    return terms;
  }

  /** GET /terms_of_service: the version in force, for anyone signed in. */
  async latest(): Promise<TermsOfService> {
    const terms = await this.#deps.store.termsOfService.latest();
    if (!terms) throw new AppError('app.terms_of_service.get.no_rows.app_error', 404, 'No terms of service have been published on this server.');
    return terms;
  }

  /** The id of the version people must accept, for the client configuration; '' while the feature is off or nothing is published. */
  async idInForce(): Promise<string> {
    if (!this.#deps.config.get().SupportSettings.CustomTermsOfServiceEnabled) return '';
    return (await this.#deps.store.termsOfService.latest())?.id ?? '';
  }

  /**
   * POST /users/{id}/terms_of_service: the caller accepts a version (replacing what they had
   * accepted) or rejects it (withdrawing it, if it was the one they had accepted). Only for oneself:
   * Mattermost applies it to the caller whatever the path says; Parley refuses another user's id.
   */
  async answer(actor: Actor, userId: string, termsOfServiceId: string, accepted: boolean): Promise<void> {
    requireSelf(actor, userId);
    const terms = await this.#deps.store.termsOfService.findById(termsOfServiceId);
    if (!terms) throw new AppError('app.terms_of_service.get.no_rows.app_error', 404, 'There are no such terms of service.', { details: `terms_of_service_id=${termsOfServiceId}` });
    if (accepted) await this.#deps.store.termsOfService.accept({ userId, termsOfServiceId, createAt: Date.now() });
    else await this.#deps.store.termsOfService.reject(userId, termsOfServiceId);
  }

  /** GET /users/{id}/terms_of_service: what the caller last accepted. */
  async acceptance(actor: Actor, userId: string): Promise<UserTermsOfService> {
    requireSelf(actor, userId);
    const acceptance = await this.#deps.store.termsOfService.acceptance(userId);
    if (!acceptance) throw new AppError('app.user_terms_of_service.get_by_user.no_rows.app_error', 404, 'You have not accepted any terms of service.');
    return acceptance;
  }

  /** What `userId` last accepted, for their profile as they (or an admin) see it; null when nothing. */
  shownOnProfile(userId: string): Promise<UserTermsOfService | null> {
    return this.#deps.store.termsOfService.acceptance(userId);
  }
}

function requireSelf(actor: Actor, userId: string): void {
  if (actor.userId !== userId) throw new AppError('api.context.permissions.app_error', 403, 'Only the person themselves can answer or read their terms of service acceptance.', { details: `user_id=${userId}` });
}
