// Calls media benchmark (issue 18): the media service (the werift SFU, in its own process, as the
// server runs it) with 2, 4 and 8 participants each sending one Opus-sized audio stream, measuring
// the service's CPU per participant and each participant's join → first forwarded audio packet;
// beside a bare werift peer-to-peer pair in the same run (the cost of one WebRTC endpoint sending
// and receiving one stream, and its connect → first audio packet). Everything stays on loopback:
// the measurement runs in a child process inside a network namespace that has only `lo`.
//   BENCH_MEDIA_SECONDS  how long each CPU sample lasts (5)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../../core/src/logger.ts';
import { MediaSupervisor } from '../../core/src/media/media-supervisor.ts';
import { WebRtcPeer } from '../../test/helpers/webrtc-peer.ts';
import { percentile, type Row } from './report.ts';

const SAMPLE_SECONDS = Number(process.env.BENCH_MEDIA_SECONDS ?? 5);
const SIZES = [2, 4, 8];
const CALL = 'bench call';
const INSIDE = '--inside-namespace';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function cpuRow(name: string, cpuPercentPerParticipant: number, joinToAudioMs: number[], note: string): Row {
  const ms = (p: number) => `${percentile(joinToAudioMs, p).toFixed(0)} ms`;
  return { name, throughput: `${cpuPercentPerParticipant.toFixed(2)}% CPU each`, p50: ms(50), p95: ms(95), p99: ms(99), note };
}

/** The baseline: two werift peers connected to each other directly, each sending one stream. */
async function barePair(): Promise<Row> {
  let a: WebRtcPeer | undefined;
  let b: WebRtcPeer | undefined;
  const deliver = (to: () => WebRtcPeer | undefined) => ({
    sdp: (zlibBase64: string) => void deliverSdp(to()!, zlibBase64),
    candidate: (json: string) => void to()!.signal(JSON.stringify({ type: 'candidate', candidate: JSON.parse(json) })).catch(() => {}),
  });
  a = new WebRtcPeer('a', deliver(() => b));
  b = new WebRtcPeer('b', deliver(() => a));
  const started = Date.now();
  await a.start();
  await until(() => a!.firstAudioAt > 0 && b!.firstAudioAt > 0, 30_000, 'the bare pair to hear each other');
  const firstAudio = [a.firstAudioAt - started, b.firstAudioAt - started];
  const cpu = await processCpuPercent(async () => {
    await sleep(SAMPLE_SECONDS * 1000);
  });
  await a.close();
  await b.close();
  // This process ran both endpoints: half of it is one endpoint's cost.
  return cpuRow('bare werift pair (baseline)', cpu / 2, firstAudio, 'one endpoint sending and receiving one stream; first audio from the offer');
}

/** A bare pair has no server to answer it: the answering side starts itself on the offer. */
async function deliverSdp(to: WebRtcPeer, zlibBase64: string): Promise<void> {
  const { inflateSync } = await import('node:zlib');
  const description = JSON.parse(inflateSync(Buffer.from(zlibBase64, 'base64')).toString('utf8')) as { type: string; sdp: string };
  if (description.type === 'offer' && to.pc.getTransceivers().length === 0) await to.answerWithMicrophone(description.sdp);
  else await to.signal(JSON.stringify(description));
}

async function processCpuPercent(during: () => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  const t0 = performance.now();
  await during();
  const used = process.cpuUsage(before);
  return ((used.user + used.system) / 1000 / (performance.now() - t0)) * 100;
}

async function sfuCall(supervisor: MediaSupervisor, size: number, peers: Map<string, WebRtcPeer>): Promise<Row> {
  await supervisor.request({ op: 'createCall', call: CALL });
  const joinedAt = new Map<string, number>();
  for (let i = 0; i < size; i++) {
    const session = `p${i}`;
    const peer = new WebRtcPeer(session, {
      sdp: (zlibBase64) => void supervisor.request({ op: 'signal', call: CALL, session, signal: { sdpZlibBase64: zlibBase64 } }).catch(() => {}),
      candidate: (json) => void supervisor.request({ op: 'signal', call: CALL, session, signal: { candidateJson: json } }).catch(() => {}),
    });
    peers.set(session, peer);
    joinedAt.set(session, Date.now());
    await supervisor.request({ op: 'addParticipant', call: CALL, session });
    await peer.start();
  }
  const all = [...peers.values()];
  await until(() => all.every((listener) => all.every((speaker) => speaker === listener || listener.packetsFrom(speaker.name) > 0)), 60_000, `${size} participants to hear each other`);
  const firstAudio = all.map((peer) => peer.firstAudioAt - joinedAt.get(peer.name)!);
  await supervisor.checkHealth();
  await sleep(SAMPLE_SECONDS * 1000);
  const { cpu_percent: cpu } = await supervisor.checkHealth();
  await supervisor.request({ op: 'endCall', call: CALL });
  await Promise.all(all.map((peer) => peer.close()));
  peers.clear();
  return cpuRow(`SFU, ${size} audio participants`, cpu / size, firstAudio, `the media process's CPU / ${size}; first audio from joining (each hears ${size - 1})`);
}

async function measure(): Promise<Row[]> {
  const rows: Row[] = [await barePair()];
  const peers = new Map<string, WebRtcPeer>();
  const supervisor = new MediaSupervisor({
    logger: silentLogger(),
    onEvent: (event) => {
      if (event.kind === 'signal') void peers.get(event.session)?.signal(event.data).catch(() => {});
    },
    onReset: () => {},
    onRestored: () => {},
  });
  await supervisor.start({ config: { udpAddress: '127.0.0.1', udpPort: 8443, enableTcp: false, iceHostOverride: '', iceServers: [] } });
  try {
    // A first call warms the media process up; it is not reported.
    await sfuCall(supervisor, 2, peers);
    for (const size of SIZES) rows.push(await sfuCall(supervisor, size, peers));
  } finally {
    await supervisor.stop();
  }
  return rows;
}

/** Runs the measurement in a loopback-only network namespace (root: unshare -n); a row says why when it cannot. */
export async function benchCallsMedia(): Promise<Row[]> {
  const self = fileURLToPath(import.meta.url);
  const child = spawn('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec "${process.execPath}" --no-node-snapshot --disable-warning=ExperimentalWarning "${self}" ${INSIDE}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => {
    child.once('close', resolve);
    child.once('error', () => resolve(null));
  });
  const last = out.trim().split('\n').at(-1) ?? '';
  if (code === 0 && last.startsWith('[')) return JSON.parse(last) as Row[];
  return [{ name: 'calls media', throughput: '-', p50: '-', p95: '-', p99: '-', note: `not measured: ${(err.trim().split('\n').at(-1) ?? '') || `exit ${code}`}` }];
}

if (process.argv.includes(INSIDE)) {
  const rows = await measure();
  process.stdout.write(`${JSON.stringify(rows)}\n`);
  process.exit(0);
}
