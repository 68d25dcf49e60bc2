// The plugins' side of the media service (api.media): each plugin's calls are its own, kept apart
// by naming every call in the media process `<plugin id> <call id>` — a plugin can only ever name
// its own — and the service's signalling goes back only to the plugin whose call it is, one event at
// a time per participant so an answer never overtakes the offer before it (nor a speaker's "off"
// its "on"). In a cluster each call runs on one node's service, wherever it is asked for
// (media-placement.ts, cluster-media-placement.ts).
import type { MediaSignalEvent as PluginMediaSignal, MediaVoiceEvent as PluginMediaVoice } from '@parley/plugin-api';
import { AppError } from '../../errors/app-error.ts';
import type { MediaSupervisor, MediaStatus, MediaTarget } from '../../media/media-supervisor.ts';
import type { MediaServiceEvent, MediaSignalInput } from '../../media/media-protocol.ts';
import type { MediaCallRequest, MediaPlacement, MediaPlacementFactory } from './media-placement.ts';

/** More calls at once than a plugin could mean. */
export const MAX_CALLS_PER_PLUGIN = 1000;

export interface PluginMediaDeps {
  supervisor: MediaSupervisor;
  /** Hands one signal to the plugin's onMediaSignal hook; settles when the hook has run. */
  deliver(pluginId: string, event: PluginMediaSignal): Promise<void>;
  /** Hands one voice activity change to the plugin's onMediaVoiceActivity hook; settles when the hook has run. */
  deliverVoice(pluginId: string, event: PluginMediaVoice): Promise<void>;
  /** Tells the plugin the service runs again after it was lost (its onMediaServiceRestarted hook); settles when the hook has run. */
  deliverRestarted(pluginId: string): Promise<void>;
  /** Which node's service runs each call: this node's alone, or one node's of the cluster per call (media-placement.ts). */
  placement: MediaPlacementFactory;
}

const notConfigured = () => new AppError('plugin.media.not_configured', 409, 'The media service is not started: call api.media.configure first.');
const tooManyCalls = () => new AppError('plugin.media.too_many_calls', 429, `A plugin may have at most ${MAX_CALLS_PER_PLUGIN} media calls at once; end some first.`);

export class PluginMedia {
  #deps: PluginMediaDeps;
  /** The running plugins that configured the service: it runs while there is one. */
  #users = new Set<string>();
  #calls = new Map<string, Set<string>>();
  /** Per participant, the delivery of its previous signal. */
  #deliveries = new Map<string, Promise<void>>();

  #placement: MediaPlacement;

  constructor(deps: PluginMediaDeps) {
    this.#deps = deps;
    this.#placement = deps.placement({
      run: (request) => this.#runHere(request),
      takenOver: (keys) => this.#takenOver(keys),
      hosted: () => [...this.#calls].flatMap(([pluginId, calls]) => [...calls].map((callId) => callKey(pluginId, callId))),
      disowned: (keys) => this.#disowned(keys),
    });
  }

  async configure(pluginId: string, target: MediaTarget): Promise<void> {
    this.#users.add(pluginId);
    await this.#deps.supervisor.start(target);
    await this.#placement.joined();
  }

  /** The service's state; while it runs, its memory and CPU measured now. */
  async status(): Promise<MediaStatus> {
    const supervisor = this.#deps.supervisor;
    return supervisor.running ? supervisor.checkHealth().catch(() => supervisor.status()) : supervisor.status();
  }

  async createCall(pluginId: string, callId: string): Promise<void> {
    this.#mustBeConfigured(pluginId);
    await this.#placement.run({ op: 'createCall', call: callKey(pluginId, callId) });
  }

  async endCall(pluginId: string, callId: string): Promise<void> {
    this.#mustBeConfigured(pluginId);
    await this.#placement.run({ op: 'endCall', call: callKey(pluginId, callId) });
  }

  async addParticipant(pluginId: string, callId: string, sessionId: string): Promise<void> {
    this.#mustBeConfigured(pluginId);
    await this.#placement.run({ op: 'addParticipant', call: callKey(pluginId, callId), session: sessionId });
  }

  async removeParticipant(pluginId: string, callId: string, sessionId: string): Promise<void> {
    this.#mustBeConfigured(pluginId);
    await this.#placement.run({ op: 'removeParticipant', call: callKey(pluginId, callId), session: sessionId });
  }

  async signal(pluginId: string, callId: string, sessionId: string, signal: MediaSignalInput): Promise<void> {
    this.#mustBeConfigured(pluginId);
    await this.#placement.run({ op: 'signal', call: callKey(pluginId, callId), session: sessionId, signal });
  }

  async setMuted(pluginId: string, callId: string, sessionId: string, muted: boolean): Promise<void> {
    this.#mustBeConfigured(pluginId);
    await this.#placement.run({ op: 'setMuted', call: callKey(pluginId, callId), session: sessionId, muted });
  }

  /**
   * A request for a call this node's service hosts: its own plugin's, or one another node of the
   * cluster forwarded. The plugin must run here too (and have configured the service).
   */
  async #runHere(request: MediaCallRequest): Promise<null> {
    const { pluginId, callId } = splitCallKey(request.call);
    this.#mustBeConfigured(pluginId);
    const calls = this.#calls.get(pluginId) ?? new Set<string>();
    if (request.op === 'createCall' && calls.size >= MAX_CALLS_PER_PLUGIN && !calls.has(callId)) throw tooManyCalls();
    await this.#deps.supervisor.request(request);
    if (request.op === 'createCall') this.#calls.set(pluginId, calls.add(callId));
    if (request.op === 'endCall') calls.delete(callId);
    return null;
  }

  /** Calls another node took over: their media ends here (the plugin's sessions offer again to that node's, told by its plugin). */
  async #disowned(keys: string[]): Promise<void> {
    for (const key of keys) {
      const { pluginId, callId } = splitCallKey(key);
      this.#calls.get(pluginId)?.delete(callId);
      await this.#deps.supervisor.request({ op: 'endCall', call: key }).catch(() => {});
    }
  }

  /** Calls taken over from a node that left: each plugin whose calls they are makes them again, as after a restart. */
  async #takenOver(keys: string[]): Promise<void> {
    const plugins = new Set(keys.map((key) => splitCallKey(key).pluginId).filter((pluginId) => this.#users.has(pluginId)));
    await Promise.all([...plugins].map((pluginId) => this.#deps.deliverRestarted(pluginId)));
  }

  /**
   * The media process's signal or voice activity, to the plugin whose call it is; settles once that
   * plugin's hook has run. Only a running plugin that configured the service (so holds the "media"
   * grant) hears anything: an event naming any other plugin, whatever the service sends, is dropped.
   */
  received(event: MediaServiceEvent): Promise<void> {
    const { pluginId, callId } = splitCallKey(event.call);
    if (!this.#users.has(pluginId)) return Promise.resolve();
    const deliver =
      event.kind === 'signal'
        ? () => this.#deps.deliver(pluginId, { call_id: callId, session_id: event.session, data: event.data })
        : () => this.#deps.deliverVoice(pluginId, { call_id: callId, session_id: event.session, speaking: event.speaking });
    const participant = `${event.call} ${event.session}`;
    const delivered = (this.#deliveries.get(participant) ?? Promise.resolve()).then(deliver).catch(() => {});
    this.#deliveries.set(participant, delivered);
    void delivered.then(() => {
      if (this.#deliveries.get(participant) === delivered) this.#deliveries.delete(participant);
    });
    return delivered;
  }

  /** The media process restarted: every call it carried is gone. */
  reset(): void {
    this.#calls.clear();
  }

  /**
   * The service runs again after a reset: each plugin that uses it is told, to create its calls and
   * their participants again and have the clients offer again. Settles once every plugin's hook ran.
   */
  async restored(): Promise<void> {
    await Promise.all([...this.#users].map((pluginId) => this.#deps.deliverRestarted(pluginId)));
  }

  /** A plugin stopped: its calls end, and the service stops when no other plugin uses it. */
  async pluginStopped(pluginId: string): Promise<void> {
    if (!this.#users.delete(pluginId)) return;
    const calls = [...(this.#calls.get(pluginId) ?? [])];
    this.#calls.delete(pluginId);
    if (this.#users.size === 0) {
      await this.#placement.left();
      return this.#deps.supervisor.stop();
    }
    await Promise.all(calls.map((callId) => this.#deps.supervisor.request({ op: 'endCall', call: callKey(pluginId, callId) }).catch(() => {})));
  }

  async close(): Promise<void> {
    this.#users.clear();
    this.#calls.clear();
    await this.#placement.close();
    await this.#deps.supervisor.stop();
  }

  #mustBeConfigured(pluginId: string): void {
    if (!this.#users.has(pluginId)) throw notConfigured();
  }
}

/** Plugin ids hold no space (the manifest's rule), so the first space ends the plugin's part. */
function callKey(pluginId: string, callId: string): string {
  return `${pluginId} ${callId}`;
}

/** A call key's parts; a key without a plugin's part names no plugin ('' is no plugin's id). */
function splitCallKey(key: string): { pluginId: string; callId: string } {
  const space = key.indexOf(' ');
  return space <= 0 ? { pluginId: '', callId: key } : { pluginId: key.slice(0, space), callId: key.slice(space + 1) };
}
