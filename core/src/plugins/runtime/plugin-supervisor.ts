// Runs the enabled plugins, each in its own sandboxed process: start (onConfigurationChange, then
// onActivate), stop (onDeactivate, bounded), restart with backoff when a process dies, a hook
// breaks it or it stops answering health-check pings, and Mattermost's health rule — 3 failures
// within 60 minutes and the plugin stays stopped as FailedToStayRunning, with the reason in its
// status. Nothing here is awaited by a request other than the admin's own enable/disable/install.
//
// The supervisor is the one owner of the enabled state: PluginSettings.PluginStates says which
// plugins run, and sync() is the one place that acts on it. A configuration change calls it for
// each plugin whose state changed; enable and disable (plugin management) only change the
// configuration and then await sync() for the outcome, which joins the start or stop the change
// already began, so a plugin is started once per enable.
import type { HookName } from '@parley/plugin-api';
import type { Manifest } from '@parley/plugin-api/manifest';
import type { PluginProcess, PluginProcessOptions, SandboxErrorShape } from '@parley/sandbox';
import type { ConfigService } from '../../config/config-service.ts';
import type { Config } from '../../config/config-schema.ts';
import type { Logger } from '../../logger.ts';
import type { ActivePlugin, ActivePlugins } from './active-plugins.ts';
import type { InstalledPlugin, InstalledPlugins } from './installed-plugins.ts';

/** Mattermost's PluginState numbers (model/plugin_status.go). */
export const PluginState = {
  NotRunning: 0,
  Starting: 1,
  Running: 2,
  FailedToStart: 3,
  FailedToStayRunning: 4,
  Stopping: 5,
} as const;
export type PluginState = (typeof PluginState)[keyof typeof PluginState];

/** Answers a plugin's API calls (the plugin API host). */
export interface PluginApiHandler {
  handle(manifest: Manifest, method: string, args: unknown[]): Promise<unknown>;
}

/** Told how plugins fare (the announcer of the plugin WebSocket events). */
export interface SupervisorObserver {
  /** The plugin's state or error may have changed. */
  changed(pluginId: string): void;
  /** The plugin runs after a deliberate start (enable, install, server start), not after a restart following a failure. */
  activated?(pluginId: string): void;
  /** The plugin was stopped on purpose (disable, removal, replacement, shutdown), running or not. */
  deactivated?(pluginId: string): void;
}

export type StartPluginProcess = (options: PluginProcessOptions) => Promise<PluginProcess>;

export interface SupervisorTimings {
  /** Wait before the 1st, 2nd, 3rd... restart; the last one repeats. */
  restartDelaysMs: number[];
  /** Failures counted for the 3-strikes rule are those within this window. */
  failureWindowMs: number;
  /** Budget of module evaluation when a process starts. */
  startTimeoutMs: number;
  /** onDeactivate never holds up a stop for longer than this (Mattermost: 10 s at shutdown). */
  deactivateTimeoutMs: number;
  /** How often each running plugin is pinged when PluginSettings.EnableHealthCheck is on (Mattermost: 30 s). */
  healthCheckIntervalMs: number;
  /** How long one ping may go unanswered. */
  healthCheckTimeoutMs: number;
}

export const DEFAULT_SUPERVISOR_TIMINGS: SupervisorTimings = {
  restartDelaysMs: [1000, 2000, 4000, 8000],
  failureWindowMs: 60 * 60 * 1000,
  startTimeoutMs: 5000,
  deactivateTimeoutMs: 10_000,
  healthCheckIntervalMs: 30_000,
  healthCheckTimeoutMs: 5000,
};

const MAX_FAILURES = 3;
/** Unanswered pings in a row that make one failure (Mattermost's health check). */
const HEALTH_CHECK_PINGS = 3;

export interface SupervisorDeps {
  config: ConfigService;
  logger: Logger;
  /** What is installed (plugin management keeps it). */
  installed: InstalledPlugins;
  apiHost: PluginApiHandler;
  startProcess: StartPluginProcess;
  /** Readies what the plugin needs before its process starts (its SQL schema and migrations); a throw fails the start with that reason. */
  prepare?: (installed: InstalledPlugin) => Promise<void>;
  timings?: Partial<SupervisorTimings>;
}

interface Slot {
  state: PluginState;
  error: string;
  active?: ActivePlugin;
  failures: number[];
  restartTimer?: NodeJS.Timeout;
  /** Bumped by every start and stop, so late events of an older process are ignored. */
  generation: number;
  starting?: Promise<void>;
  /** The stop under way (onDeactivate, then the process), which another stop joins. */
  stopping?: Promise<void>;
  /** The process of an activation in progress, so that a stop need not wait for a hanging onActivate. */
  launching?: PluginProcess;
  /** A health check of this plugin is still waiting for its pings. */
  checking?: boolean;
  /** When the scheduled restart after a failure will begin (ms), while one is scheduled. */
  restartAt?: number;
  /** A new version is being put in place of this one (install, upgrade), to be started when enabled. */
  replacing?: boolean;
}

export class PluginSupervisor implements ActivePlugins {
  #deps: SupervisorDeps;
  #timings: SupervisorTimings;
  #slots = new Map<string, Slot>();
  #log: Logger;
  /** Set by close(): nothing starts any more, whatever was already on its way (config changes, restarts). */
  #closed = false;
  #healthTimer: NodeJS.Timeout;
  #observers = new Set<SupervisorObserver>();
  /** Until the server's start-up has started every enabled plugin, those not yet started are on their way too. */
  #startupSettled = false;
  /** Callers of whenRunning, woken whenever the plugin's state changes. */
  #waiters = new Map<string, Set<() => void>>();

  constructor(deps: SupervisorDeps) {
    this.#deps = deps;
    this.#timings = { ...DEFAULT_SUPERVISOR_TIMINGS, ...deps.timings };
    this.#log = deps.logger.child({ source: 'plugins' });
    deps.config.onChange((next, previous) => this.#configChanged(next, previous));
    this.#healthTimer = setInterval(() => this.#checkHealth(), this.#timings.healthCheckIntervalMs);
    this.#healthTimer.unref();
  }

  observe(observer: SupervisorObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  implementing(hook: HookName): ActivePlugin[] {
    return this.#running().filter((plugin) => plugin.process.hooks.has(hook));
  }

  get(pluginId: string): ActivePlugin | undefined {
    return this.#slots.get(pluginId)?.active;
  }

  async whenRunning(pluginId: string): Promise<ActivePlugin | undefined> {
    const deadline = Date.now() + this.#arrivalBudgetMs(pluginId);
    for (;;) {
      const active = this.get(pluginId);
      if (active) return active;
      const left = deadline - Date.now();
      if (!this.#coming(pluginId) || left <= 0) return undefined;
      await this.#nextChange(pluginId, left);
    }
  }

  /**
   * True while some enabled plugin `counts` is on its way (the server's start-up, a start, a restart
   * after a failure, a replacement).
   */
  starting(counts: (pluginId: string) => boolean): boolean {
    return this.#deps.installed.list().some(({ manifest }) => counts(manifest.id) && this.#coming(manifest.id));
  }

  /** The server's start-up has started every enabled plugin: from now on only a start under way is worth waiting for. */
  settleStartup(): void {
    this.#startupSettled = true;
    for (const pluginId of this.#waiters.keys()) this.#wake(pluginId);
  }

  /**
   * Stops the plugin while another version is put in its place (an install's commit); requests for
   * its paths wait meanwhile, when it is enabled. resume() ends the pause.
   */
  async pause(pluginId: string): Promise<void> {
    this.#slot(pluginId).replacing = this.#enabled(pluginId);
    await this.stop(pluginId);
  }

  /** Ends a pause: the plugin now installed (the new version, or the old one when the swap failed) starts when it is enabled. */
  async resume(pluginId: string): Promise<void> {
    this.#slot(pluginId).replacing = false;
    if (this.#enabled(pluginId)) await this.start(pluginId);
    else this.#wake(pluginId);
  }

  /**
   * Brings the plugin in line with the configuration: started when PluginSettings enables it (again
   * after a failure to start), stopped when not. Joins a start or stop already under way.
   */
  sync(pluginId: string): Promise<void> {
    return this.#enabled(pluginId) ? this.start(pluginId) : this.stop(pluginId);
  }

  /** Whether a plugin that is not running is on its way. */
  #coming(pluginId: string): boolean {
    if (this.#closed) return false;
    const slot = this.#slots.get(pluginId);
    if (slot?.state === PluginState.Starting || slot?.restartTimer !== undefined || slot?.replacing) return true;
    const failed = slot?.state === PluginState.FailedToStart || slot?.state === PluginState.FailedToStayRunning;
    return !this.#startupSettled && !failed && this.#enabled(pluginId) && this.#deps.installed.get(pluginId) !== undefined;
  }

  /** How long a caller may wait for the plugin: the restart delay left, then its activation budget (start, onConfigurationChange, onActivate). */
  #arrivalBudgetMs(pluginId: string): number {
    const restartAt = this.#slots.get(pluginId)?.restartAt;
    const delay = restartAt === undefined ? 0 : Math.max(0, restartAt - Date.now());
    return delay + this.#timings.startTimeoutMs + 2 * this.#deps.config.get().PluginSettings.HookTimeoutMs;
  }

  #enabled(pluginId: string): boolean {
    const settings = this.#deps.config.get().PluginSettings;
    return settings.Enable && settings.PluginStates[pluginId]?.Enable === true;
  }

  #nextChange(pluginId: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      let waiters = this.#waiters.get(pluginId);
      if (!waiters) this.#waiters.set(pluginId, (waiters = new Set()));
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0 && this.#waiters.get(pluginId) === waiters) this.#waiters.delete(pluginId);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      waiters.add(done);
    });
  }

  #wake(pluginId: string): void {
    for (const waiter of [...(this.#waiters.get(pluginId) ?? [])]) waiter();
  }

  reportFailure(pluginId: string, error: SandboxErrorShape): void {
    const slot = this.#slots.get(pluginId);
    if (slot?.active) this.#failed(pluginId, slot, slot.generation, error);
  }

  state(pluginId: string): { state: PluginState; error: string } {
    const slot = this.#slots.get(pluginId);
    return slot ? { state: slot.state, error: slot.error } : { state: PluginState.NotRunning, error: '' };
  }

  /** Starts every installed plugin enabled in PluginSettings.PluginStates. */
  async startAll(): Promise<void> {
    const settings = this.#deps.config.get().PluginSettings;
    if (!settings.Enable || this.#closed) return;
    const enabled = this.#deps.installed.list().filter((p) => settings.PluginStates[p.manifest.id]?.Enable);
    await Promise.all(enabled.map((p) => this.start(p.manifest.id)));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#slots.keys()].map((id) => this.stop(id)));
  }

  /** Stops every plugin for good (server shutdown): later start requests are ignored. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#healthTimer);
    // Nothing is coming any more: requests waiting for a plugin get their answer now.
    for (const pluginId of [...this.#waiters.keys()]) this.#wake(pluginId);
    await this.stopAll();
  }

  /** Starts the plugin (no-op when running or starting); a failure is recorded in its status, not thrown. */
  start(pluginId: string): Promise<void> {
    return this.#start(pluginId, true);
  }

  #start(pluginId: string, deliberate: boolean): Promise<void> {
    const installed = this.#deps.installed.get(pluginId);
    if (!installed || this.#closed) return Promise.resolve();
    const slot = this.#slot(pluginId);
    if (slot.starting) return slot.starting;
    if (slot.active) return Promise.resolve();
    clearTimeout(slot.restartTimer);
    slot.restartTimer = undefined;
    slot.restartAt = undefined;
    if (slot.state === PluginState.FailedToStayRunning) slot.failures = []; // an admin's explicit restart
    const generation = ++slot.generation;
    slot.state = PluginState.Starting;
    this.#tell(pluginId, (o) => o.changed(pluginId));
    slot.starting = this.#activate(installed, slot, generation, deliberate).finally(() => {
      slot.starting = undefined;
      slot.launching = undefined;
    });
    return slot.starting;
  }

  /** Stops the plugin: onDeactivate (bounded), then the process. Clears a failed state. */
  async stop(pluginId: string): Promise<void> {
    const slot = this.#slots.get(pluginId);
    if (!slot) return;
    slot.generation += 1;
    clearTimeout(slot.restartTimer);
    slot.restartTimer = undefined;
    slot.restartAt = undefined;
    void slot.launching?.stop().catch(() => {});
    await slot.starting;
    const active = slot.active;
    slot.active = undefined;
    slot.state = PluginState.NotRunning;
    slot.error = '';
    slot.failures = [];
    this.#tell(pluginId, (o) => {
      o.changed(pluginId);
      o.deactivated?.(pluginId);
    });
    if (!active) {
      await slot.stopping;
      return;
    }
    const stopping = this.#deactivate(pluginId, active).finally(() => {
      if (slot.stopping === stopping) slot.stopping = undefined;
    });
    slot.stopping = stopping;
    await stopping;
  }

  async #deactivate(pluginId: string, active: ActivePlugin): Promise<void> {
    if (active.process.hooks.has('onDeactivate')) {
      await active.process.call('onDeactivate', [], this.#deactivateBudget()).catch((err: unknown) => {
        this.#log.warn('onDeactivate failed', { plugin_id: pluginId, err: describe(err) });
      });
    }
    await active.process.stop().catch((err: unknown) => this.#log.warn('stopping the plugin process failed', { plugin_id: pluginId, err: describe(err) }));
  }

  /** Stops the plugin and forgets it (it was removed). */
  async forget(pluginId: string): Promise<void> {
    await this.stop(pluginId);
    this.#slots.delete(pluginId);
    this.#tell(pluginId, (o) => o.changed(pluginId));
  }

  /** Tells the observers (and wakes those waiting for it) that `pluginId` may have changed. */
  #tell(pluginId: string, notify: (observer: SupervisorObserver) => void): void {
    for (const observer of this.#observers) {
      try {
        notify(observer);
      } catch (err) {
        // The observer's failure is its own: a stop still ends the plugin's process, a close still closes.
        this.#log.error('a plugin observer failed', { plugin_id: pluginId, err: describe(err) });
      }
    }
    this.#wake(pluginId);
  }

  #running(): ActivePlugin[] {
    return [...this.#slots.entries()]
      .filter(([, slot]) => slot.active !== undefined)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, slot]) => slot.active as ActivePlugin);
  }

  #slot(pluginId: string): Slot {
    let slot = this.#slots.get(pluginId);
    if (!slot) {
      slot = { state: PluginState.NotRunning, error: '', failures: [], generation: 0 };
      this.#slots.set(pluginId, slot);
    }
    return slot;
  }

  async #activate(installed: InstalledPlugin, slot: Slot, generation: number, deliberate: boolean): Promise<void> {
    const { manifest } = installed;
    const pluginId = manifest.id;
    const settings = this.#deps.config.get().PluginSettings;
    let process: PluginProcess | undefined;
    const current = () => slot.generation === generation;
    try {
      if (!manifest.server?.executable) {
        throw new Error('the plugin has no server module for Parley (manifest server.executable); Mattermost server executables do not run on Parley');
      }
      const code = await this.#deps.installed.serverCode(installed);
      await this.#deps.prepare?.(installed);
      if (!current()) return;
      process = await this.#deps.startProcess({
        pluginId,
        code,
        memoryLimitMb: settings.MemoryLimitMb,
        startTimeoutMs: this.#timings.startTimeoutMs,
        onApiCall: (method, args) => this.#deps.apiHost.handle(manifest, method, args),
        log: (entry) => this.#log[entry.level]('plugin host output', { plugin_id: pluginId, host_plugins: entry.plugins, stream: entry.stream, output: entry.message }),
      });
      const started = process;
      slot.launching = started;
      started.onExit((reason) => this.#failed(pluginId, slot, generation, reason));
      if (current() && started.hooks.has('onConfigurationChange')) {
        await started.call('onConfigurationChange', [], settings.HookTimeoutMs).catch((err: unknown) => {
          // Mattermost only logs this hook's errors; a dead process still fails onActivate below.
          this.#log.warn('onConfigurationChange failed', { plugin_id: pluginId, err: describe(err) });
        });
      }
      if (current() && started.hooks.has('onActivate')) await started.call('onActivate', [], settings.HookTimeoutMs);
      if (!current()) {
        await started.stop();
        return;
      }
      slot.active = { manifest, process: started };
      slot.state = PluginState.Running;
      slot.error = '';
      this.#log.info('plugin started', { plugin_id: pluginId, version: manifest.version });
      this.#tell(pluginId, (o) => {
        o.changed(pluginId);
        if (deliberate) o.activated?.(pluginId);
      });
    } catch (err) {
      await process?.stop().catch(() => {});
      if (!current()) return;
      slot.state = PluginState.FailedToStart;
      slot.error = describe(err);
      this.#log.warn('plugin failed to start', { plugin_id: pluginId, err: slot.error });
      this.#tell(pluginId, (o) => o.changed(pluginId));
    }
  }

  #failed(pluginId: string, slot: Slot, generation: number, reason: SandboxErrorShape): void {
    if (slot.generation !== generation || !slot.active) return;
    const { process } = slot.active;
    slot.active = undefined;
    void process.stop().catch(() => {});
    const now = Date.now();
    slot.failures = slot.failures.filter((at) => now - at < this.#timings.failureWindowMs);
    slot.failures.push(now);
    if (slot.failures.length >= MAX_FAILURES) {
      slot.generation += 1;
      slot.state = PluginState.FailedToStayRunning;
      slot.error = `The plugin failed ${slot.failures.length} times within ${Math.round(this.#timings.failureWindowMs / 60000)} minutes and was stopped. Last failure: ${reason.message}`;
      this.#log.error('plugin failed to stay running', { plugin_id: pluginId, reason: reason.id, err: reason.message });
      this.#tell(pluginId, (o) => o.changed(pluginId));
      return;
    }
    const delays = this.#timings.restartDelaysMs;
    const delay = delays[Math.min(slot.failures.length - 1, delays.length - 1)];
    slot.state = PluginState.NotRunning;
    slot.error = `The plugin stopped (${reason.message}); restarting in ${delay} ms.`;
    this.#log.warn('plugin stopped; restarting', { plugin_id: pluginId, reason: reason.id, err: reason.message, delay_ms: delay });
    this.#tell(pluginId, (o) => o.changed(pluginId));
    slot.restartAt = Date.now() + delay;
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = undefined;
      slot.restartAt = undefined;
      if (slot.generation === generation) void this.#start(pluginId, false);
    }, delay);
    slot.restartTimer.unref();
  }

  /**
   * Mattermost's health check: a running plugin whose process (event loop and isolate) leaves
   * HEALTH_CHECK_PINGS pings in a row unanswered has failed, like a crash: restarted, and stopped for
   * good at the third failure within the window.
   */
  #checkHealth(): void {
    if (!this.#deps.config.get().PluginSettings.EnableHealthCheck) return;
    for (const [pluginId, slot] of this.#slots) {
      const active = slot.active;
      if (!active || slot.checking) continue;
      slot.checking = true;
      const generation = slot.generation;
      void this.#answersPings(active.process).then((answered) => {
        slot.checking = false;
        if (answered || slot.active !== active) return;
        this.#log.warn('plugin stopped answering health checks', { plugin_id: pluginId });
        this.#failed(pluginId, slot, generation, {
          id: 'plugin.health_check.failed',
          message: `the plugin stopped answering health checks (${HEALTH_CHECK_PINGS} pings in a row went unanswered for ${this.#timings.healthCheckTimeoutMs} ms each)`,
        });
      });
    }
  }

  async #answersPings(process: PluginProcess): Promise<boolean> {
    for (let attempt = 0; attempt < HEALTH_CHECK_PINGS; attempt++) {
      try {
        await process.ping(this.#timings.healthCheckTimeoutMs);
        return true;
      } catch {
        // Missed: the next attempt decides, unless an admin turned the check off meanwhile.
        if (!this.#deps.config.get().PluginSettings.EnableHealthCheck) return true;
      }
    }
    return false;
  }

  #deactivateBudget(): number {
    return Math.min(this.#deps.config.get().PluginSettings.HookTimeoutMs, this.#timings.deactivateTimeoutMs);
  }

  /**
   * Applies PluginStates changed in the configuration, and tells running plugins their settings
   * changed; the change is applied (ConfigService.applied) once each has answered onConfigurationChange
   * (or failed, or timed out), so a request after it meets the plugins' new settings. Starts and
   * stops are not waited for: their callers wait for the plugin (whenRunning).
   */
  #configChanged(next: Readonly<Config>, previous: Readonly<Config>): Promise<void> | undefined {
    const now = next.PluginSettings;
    const before = previous.PluginSettings;
    if (now.Enable !== before.Enable) {
      void (now.Enable ? this.startAll() : this.stopAll()).catch((err: unknown) => this.#log.error('applying PluginSettings.Enable failed', { err: describe(err) }));
      return;
    }
    if (!now.Enable) return;
    const told: Promise<unknown>[] = [];
    for (const { manifest } of this.#deps.installed.list()) {
      const id = manifest.id;
      if ((now.PluginStates[id]?.Enable === true) !== (before.PluginStates[id]?.Enable === true)) {
        void this.sync(id);
        continue;
      }
      const active = this.#slots.get(id)?.active;
      if (!active || !active.process.hooks.has('onConfigurationChange')) continue;
      if (JSON.stringify(now.Plugins[id] ?? {}) === JSON.stringify(before.Plugins[id] ?? {})) continue;
      told.push(
        active.process.call('onConfigurationChange', [], now.HookTimeoutMs).catch((err: unknown) => {
          this.#log.warn('onConfigurationChange failed', { plugin_id: id, err: describe(err) });
        }),
      );
    }
    return told.length === 0 ? undefined : Promise.all(told).then(() => undefined);
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string') return (err as { message: string }).message;
  return String(err);
}
