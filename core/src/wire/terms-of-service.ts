// Terms of service on the wire: Mattermost's TermsOfService and UserTermsOfService JSON, and the
// bodies that publish a version and answer it.
import type { TermsOfService as WireTermsOfService } from '@mattermost/types/terms_of_service';
import type { TermsOfService, UserTermsOfService } from '../store/terms-of-service-repository.ts';
import { JsonFields, paramRefusal, type Refusal } from './json-fields.ts';

export function toWireTermsOfService(terms: TermsOfService): WireTermsOfService {
  return { id: terms.id, create_at: terms.createAt, user_id: terms.userId, text: terms.text };
}

export function toWireUserTermsOfService(acceptance: UserTermsOfService): { user_id: string; terms_of_service_id: string; create_at: number } {
  return { user_id: acceptance.userId, terms_of_service_id: acceptance.termsOfServiceId, create_at: acceptance.createAt };
}

/** POST /terms_of_service: `{text}`. */
export function decodeNewTermsOfService(body: unknown, refuse: Refusal = paramRefusal): string {
  return JsonFields.of(body, 'terms_of_service', refuse).string('text');
}

/** POST /users/{id}/terms_of_service: `{termsOfServiceId, accepted}` (Client4's updateMyTermsOfServiceStatus, camelCase as Mattermost's). */
export function decodeTermsOfServiceAnswer(body: unknown, refuse: Refusal = paramRefusal): { termsOfServiceId: string; accepted: boolean } {
  const fields = JsonFields.of(body, 'terms_of_service', refuse);
  if (!fields.has('accepted')) throw refuse('accepted', 'must be true or false');
  return { termsOfServiceId: fields.id('termsOfServiceId'), accepted: fields.boolean('accepted') };
}
