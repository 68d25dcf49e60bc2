// Who speaks, as last told to each call's participants. Two sources report it — the media service,
// which hears the audio, and the client, which sends its own voice_on/voice_off — and a change is
// told once whichever reports it first: the other's matching report is not news.
export class VoiceStates {
  /** The sessions last told speaking. Kept in memory: who speaks is worth nothing after a restart. */
  #speaking = new Set<string>();

  /** Whether `speaking` is news for the session; records it when it is. */
  changed(sessionId: string, speaking: boolean): boolean {
    if (this.#speaking.has(sessionId) === speaking) return false;
    if (speaking) this.#speaking.add(sessionId);
    else this.#speaking.delete(sessionId);
    return true;
  }

  /** The session left its call. */
  forget(sessionId: string): void {
    this.#speaking.delete(sessionId);
  }
}
