// Who is talking: the microphone's loudness from an AudioContext analyser, sampled a few times a
// second. Speech turns the voice on at once and off only after a short silence, so the speaking mark
// does not flicker between words (Mattermost's clients send voice_on/voice_off the same way).
const SAMPLE_MS = 100;
/** Root-mean-square level (0..1) above which the microphone counts as speech. */
const SPEECH_LEVEL = 0.02;
const SILENCE_BEFORE_OFF_MS = 600;

export class VoiceActivity {
  #context: AudioContext;
  #timer: ReturnType<typeof setInterval>;
  #speaking = false;
  #lastSpeech = 0;

  constructor(stream: MediaStream, onChange: (speaking: boolean) => void) {
    this.#context = new AudioContext();
    const analyser = this.#context.createAnalyser();
    analyser.fftSize = 512;
    this.#context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const track = stream.getAudioTracks()[0];
    this.#timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      const now = Date.now();
      // A muted track carries silence: the level is only trusted while it is enabled.
      if (track?.enabled && Math.sqrt(sum / samples.length) > SPEECH_LEVEL) this.#lastSpeech = now;
      const speaking = now - this.#lastSpeech < SILENCE_BEFORE_OFF_MS;
      if (speaking !== this.#speaking) {
        this.#speaking = speaking;
        onChange(speaking);
      }
    }, SAMPLE_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
    void this.#context.close().catch(() => undefined);
  }
}
