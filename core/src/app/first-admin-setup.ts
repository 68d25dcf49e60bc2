// Mattermost's first-admin onboarding (GET/POST /system/onboarding/complete): the web app asks whether
// the first system admin finished the setup wizard, and the wizard ends by naming the plugins to
// install. The answer lives in the systems table as FirstAdminSetupComplete, as in Mattermost; beside
// it FirstAdminVisitMarketplace (GET/POST /plugins/marketplace/first_admin_visit), whether an admin
// has opened the marketplace yet, which the web app's menu marks with a dot until then.
import type { Store } from '../store/store.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { AppEvents } from './app-events.ts';
import type { PermissionService } from './permission-service.ts';

export const FIRST_ADMIN_SETUP_COMPLETE = 'FirstAdminSetupComplete';
export const FIRST_ADMIN_VISIT_MARKETPLACE = 'FirstAdminVisitMarketplace';

/** Mattermost's model.System as the onboarding routes answer it. */
export interface SystemValue {
  name: string;
  value: string;
}

/** What the wizard sends (Mattermost's CompleteOnboardingRequest; the organization name is not kept). */
export interface OnboardingRequest {
  organization: string;
  installPlugins: string[];
}

/**
 * Installs and enables a marketplace plugin, as the System Console's one-click install does. The port
 * is declared here, where it is called; the plugin marketplace implements it.
 */
export type InstallMarketplacePlugin = (actor: Actor, pluginId: string) => Promise<unknown>;

export interface FirstAdminSetupDeps {
  store: Pick<Store, 'systems'>;
  permissions: Pick<PermissionService, 'requireSystem' | 'hasSystem'>;
  installPlugin: InstallMarketplacePlugin;
  events: AppEvents;
}

export class FirstAdminSetup {
  #deps: FirstAdminSetupDeps;

  constructor(deps: FirstAdminSetupDeps) {
    this.#deps = deps;
  }

  /** Whether the setup is complete ("true"/"false", as Mattermost stores it); for system admins. */
  status(actor: Actor): Promise<SystemValue> {
    return this.#flag(actor, FIRST_ADMIN_SETUP_COMPLETE);
  }

  /** Whether an admin has visited the marketplace; for system admins. */
  marketplaceVisited(actor: Actor): Promise<SystemValue> {
    return this.#flag(actor, FIRST_ADMIN_VISIT_MARKETPLACE);
  }

  /** Records the visit and tells every client (Mattermost's first_admin_visit_marketplace_status_received). */
  async markMarketplaceVisited(actor: Actor): Promise<void> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    await this.#deps.store.systems.set(FIRST_ADMIN_VISIT_MARKETPLACE, 'true');
    this.#deps.events.publish({ event: 'first_admin_visit_marketplace_status_received', data: { firstAdminVisitMarketplaceStatus: 'true' }, broadcast: {} });
  }

  async #flag(actor: Actor, name: string): Promise<SystemValue> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    return { name, value: (await this.#deps.store.systems.get(name)) ?? 'false' };
  }

  /**
   * Installs and enables each named plugin from the marketplace, then records the setup as complete.
   * Mattermost installs in the background and only logs a failure, so the admin never learns of it;
   * here an install that fails (an id the marketplace does not have: 404) fails the request and the
   * setup stays incomplete, so the wizard can say which plugin and be run again.
   */
  async complete(actor: Actor, request: OnboardingRequest): Promise<void> {
    // Mattermost refuses with an id of its own here (the wizard shows it), not the generic permission error.
    if (!this.#deps.permissions.hasSystem(actor, 'manage_system')) {
      throw new AppError('app.system.complete_onboarding_request.no_first_user', 403, 'Only a system admin can complete the first-admin setup.');
    }
    for (const pluginId of new Set(request.installPlugins)) await this.#deps.installPlugin(actor, pluginId);
    await this.#deps.store.systems.set(FIRST_ADMIN_SETUP_COMPLETE, 'true');
  }
}
