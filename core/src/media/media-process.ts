// The media process's entry point: started by MediaSupervisor with Node's IPC channel and its
// configuration as the one argument; runs the SFU and answers the core's requests. It holds no state
// worth keeping: when it dies, the calls' media goes with it and the supervisor starts a new one.
import { Sfu } from './sfu.ts';
import { answerMediaRequest, mediaFailureOf } from './media-requests.ts';
import type { MediaConfig, MediaProcessMessage, MediaRequestEnvelope } from './media-protocol.ts';

/** How long the SFU may take to close once the core is gone. */
const CLOSE_BOUND_MS = 2000;
const config = JSON.parse(process.argv[2] ?? '{}') as MediaConfig;
const send = (message: MediaProcessMessage) => {
  if (process.connected) process.send!(message);
};
const sfu = new Sfu(config, send);
// A UDP port that cannot be bound (another service holds it) ends the process here, saying so: the
// supervisor shows the reason and tries again later.
await sfu.open((err) => process.stderr.write(`media: UDP socket: ${err.message}\n`)).catch((err: Error) => {
  process.stderr.write(`media: ${err.message}\n`);
  process.exit(1);
});

process.on('message', (message: MediaRequestEnvelope) => {
  answerMediaRequest(sfu, message.request, () => sfu.counts()).then(
    (result) => send({ kind: 'reply', id: message.id, ok: true, result: result ?? null }),
    (err: unknown) => send({ kind: 'reply', id: message.id, ok: false, error: mediaFailureOf(err) }),
  );
});

// werift reports a peer's broken packets as errors of its own sockets; one participant's garbage
// must not end everyone's call.
process.on('uncaughtException', (err) => process.stderr.write(`media: ${String(err?.stack ?? err)}\n`));
process.on('unhandledRejection', (err) => process.stderr.write(`media: ${String((err as Error)?.stack ?? err)}\n`));
// stderr is a pipe the core reads: once the core is gone, writing to it fails (EPIPE), and that
// failure, reported above as an uncaught exception, would be written to stderr again, without end.
process.stderr.on('error', () => {});
// The core went away (or closed the channel to stop us): nothing is left to serve. A close that
// hangs does not keep the process alive.
process.on('disconnect', () => {
  setTimeout(() => process.exit(0), CLOSE_BOUND_MS).unref();
  void sfu.close().finally(() => process.exit(0));
});
send({ kind: 'ready' });
