// The first-admin setup wizard's request (Mattermost's CompleteOnboardingRequest).
import { AppError } from '../errors/app-error.ts';
import type { OnboardingRequest } from '../app/first-admin-setup.ts';
import { JsonFields, type Refusal } from './json-fields.ts';
import { PLUGIN_ID } from './plugin-id.ts';

/** Mattermost answers every unreadable request with this one id. */
const onboardingRefusal: Refusal = (field, why) =>
  new AppError('app.system.complete_onboarding_request.app_error', 400, `The onboarding request is not valid: ${field} ${why}.`);

/** `{organization, install_plugins}`; both optional, each plugin a well-formed plugin id. */
export function decodeOnboardingRequest(body: unknown): OnboardingRequest {
  const fields = JsonFields.of(body, 'body', onboardingRefusal);
  const installPlugins = fields.stringList('install_plugins', { maxItems: 100 });
  const malformed = installPlugins.find((id) => !PLUGIN_ID.test(id));
  if (malformed !== undefined) throw onboardingRefusal('install_plugins', `names "${malformed.slice(0, 200)}", which is not a plugin id`);
  return { organization: fields.string('organization', { max: 256 }), installPlugins: installPlugins.map((id) => id.toLowerCase()) };
}
