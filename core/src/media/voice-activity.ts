// Who is speaking, told from the audio level each packet carries (RFC 6464's
// `urn:ietf:params:rtp-hdrext:ssrc-audio-level`, which Chromium and werift send when it is negotiated):
// the SFU never decodes the audio. The rule has hysteresis so that a cough is not a speaker and a
// pause between words does not end one:
// - a packet is voiced when it is as loud as `voicedLevel` or louder (the extension carries -dBov:
//   0 is the loudest, 127 silence);
// - a speaker is on once voiced packets ran for `onAfterMs`, gaps of up to `bridgeMs` between them
//   counting as part of the run;
// - and off once no voiced packet came for `offAfterMs` (whether the packets are quiet or stopped).

export interface VoiceThresholds {
  /** The quietest level (in -dBov, as the extension carries it) that still counts as voice. */
  voicedLevel: number;
  onAfterMs: number;
  bridgeMs: number;
  offAfterMs: number;
}

/** Speech sits around -20 to -40 dBov; a quiet room's noise below -60. */
export const VOICE_THRESHOLDS: VoiceThresholds = { voicedLevel: 50, onAfterMs: 200, bridgeMs: 100, offAfterMs: 1000 };

export class VoiceActivity {
  #thresholds: VoiceThresholds;
  #changed: (speaking: boolean) => void;
  #speaking = false;
  /** When the current run of voiced packets began, or undefined when there is none. */
  #runStart: number | undefined;
  #lastVoiced = 0;
  #silenceTimer: NodeJS.Timeout | undefined;

  constructor(changed: (speaking: boolean) => void, thresholds: VoiceThresholds = VOICE_THRESHOLDS) {
    this.#changed = changed;
    this.#thresholds = thresholds;
  }

  get speaking(): boolean {
    return this.#speaking;
  }

  /** One packet's level (0 loudest to 127 silence), received at `now`. */
  level(level: number, now: number): void {
    const t = this.#thresholds;
    if (level > t.voicedLevel) {
      this.silence(now);
      return;
    }
    if (this.#runStart === undefined || now - this.#lastVoiced > t.bridgeMs) this.#runStart = now;
    this.#lastVoiced = now;
    if (!this.#speaking && now - this.#runStart >= t.onAfterMs) {
      this.#speaking = true;
      this.#changed(true);
      this.#watchSilence();
    }
  }

  /** Ends a speaker whose last voiced packet is `offAfterMs` old at `now`, and a run past its bridge. */
  silence(now: number): void {
    const t = this.#thresholds;
    if (this.#runStart !== undefined && now - this.#lastVoiced > t.bridgeMs) this.#runStart = undefined;
    if (this.#speaking && now - this.#lastVoiced >= t.offAfterMs) this.#stopSpeaking();
  }

  /** Muted, or gone: a speaker is off at once and a run starts over. */
  reset(): void {
    this.#runStart = undefined;
    if (this.#speaking) this.#stopSpeaking();
  }

  /** Stops the timer without reporting anything (the participant left). */
  close(): void {
    clearTimeout(this.#silenceTimer);
    this.#silenceTimer = undefined;
  }

  #stopSpeaking(): void {
    this.close();
    this.#speaking = false;
    this.#changed(false);
  }

  // Packets may stop altogether (muted at the client, a lost connection): a timer notices the
  // silence then. One timer per speaker, moved on only when it fires, not at every packet.
  #watchSilence(): void {
    clearTimeout(this.#silenceTimer);
    const due = this.#lastVoiced + this.#thresholds.offAfterMs - Date.now();
    this.#silenceTimer = setTimeout(() => {
      this.#silenceTimer = undefined;
      this.silence(Date.now());
      if (this.#speaking) this.#watchSilence();
    }, Math.max(due, 10));
    this.#silenceTimer.unref();
  }
}
