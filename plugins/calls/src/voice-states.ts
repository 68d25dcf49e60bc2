// Who speaks, as last told to each call's participants. Two sources report it: the media service,
// which hears it from the audio level each packet carries (RFC 6464, when the client negotiated the
// header extension), and the client, which sends its own voice_on/voice_off. The media service is
// the one to trust once it has reported on a session (it hears what the others hear, with one rule
// for everybody); a client's reports count for sessions it never reported on — a client whose audio
// carries no level, which the service cannot hear. A change is told once, whichever reports it first.
export type VoiceSource = 'media' | 'client';

export class VoiceStates {
  /** The sessions last told speaking. Kept in memory: who speaks is worth nothing after a restart. */
  #speaking = new Set<string>();
  /** The sessions the media service reported on: their clients' own reports no longer count. */
  #heard = new Set<string>();

  /** Whether `speaking`, reported by `source`, is news for the session; records it when it is. */
  changed(sessionId: string, speaking: boolean, source: VoiceSource): boolean {
    if (source === 'media') this.#heard.add(sessionId);
    else if (this.#heard.has(sessionId)) return false;
    if (this.#speaking.has(sessionId) === speaking) return false;
    if (speaking) this.#speaking.add(sessionId);
    else this.#speaking.delete(sessionId);
    return true;
  }

  /** The session muted: whether it was told speaking (it is not any more). */
  muted(sessionId: string): boolean {
    return this.#speaking.delete(sessionId);
  }

  /** The session left its call. */
  forget(sessionId: string): void {
    this.#speaking.delete(sessionId);
    this.#heard.delete(sessionId);
  }
}
