import { expect } from 'chai';
import { VoiceActivity, VOICE_THRESHOLDS } from '../../core/src/media/voice-activity.ts';
import { eventually } from '../helpers/ws-client.ts';

const LOUD = 20;
const QUIET = 127;
const FRAME_MS = 20;

describe('VoiceActivity', () => {
  let changes: boolean[];
  let voice: VoiceActivity;
  const start = Date.now();

  beforeEach(() => {
    changes = [];
    voice = new VoiceActivity((speaking) => changes.push(speaking));
  });
  afterEach(() => voice.close());

  /** Packets of `level` every 20 ms from `from` for `ms`; answers the time after the last. */
  function packets(level: number, from: number, ms: number): number {
    let t = from;
    for (; t < from + ms; t += FRAME_MS) voice.level(level, t);
    return t;
  }

  it('turns a speaker on only after loud packets ran for the on-threshold', async () => {
    const end = packets(LOUD, start, VOICE_THRESHOLDS.onAfterMs - FRAME_MS);
    expect(changes).to.deep.equal([]);
    packets(LOUD, end, FRAME_MS * 2);
    expect(changes).to.deep.equal([true]);
    expect(voice.speaking).to.equal(true);
  });

  it('does not turn on for short bursts separated by silence longer than the bridge', async () => {
    let t = start;
    for (let i = 0; i < 10; i++) {
      t = packets(LOUD, t, VOICE_THRESHOLDS.onAfterMs / 2);
      t = packets(QUIET, t, VOICE_THRESHOLDS.bridgeMs * 2);
    }
    expect(changes).to.deep.equal([]);
  });

  it('stays on through pauses shorter than the off-threshold and turns off after a second of quiet packets', async () => {
    let t = packets(LOUD, start, 400);
    t = packets(QUIET, t, VOICE_THRESHOLDS.offAfterMs / 2);
    t = packets(LOUD, t, 100);
    expect(changes).to.deep.equal([true]);
    t = packets(QUIET, t, VOICE_THRESHOLDS.offAfterMs - FRAME_MS * 2);
    expect(changes).to.deep.equal([true]);
    packets(QUIET, t, FRAME_MS * 3);
    expect(changes).to.deep.equal([true, false]);
  });

  it('turns off a second after packets stop altogether', async () => {
    packets(LOUD, Date.now() - 400, 400);
    expect(changes).to.deep.equal([true]);
    await eventually(() => expect(changes).to.deep.equal([true, false]), 5000, 20);
  });

  it('reports off at once, and once, on reset (muted)', async () => {
    packets(LOUD, start, 400);
    voice.reset();
    expect(changes).to.deep.equal([true, false]);
    voice.reset();
    expect(changes).to.deep.equal([true, false]);
  });
});
