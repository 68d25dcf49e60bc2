// The media process's entry point: started by MediaSupervisor with Node's IPC channel and its
// configuration as the one argument; runs the SFU and answers the core's requests. It holds no state
// worth keeping: when it dies, the calls' media goes with it and the supervisor starts a new one.
import { Sfu, MediaRefusal } from './sfu.ts';
import type { MediaConfig, MediaProcessMessage, MediaRequest, MediaRequestEnvelope } from './media-protocol.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as MediaConfig;
const send = (message: MediaProcessMessage) => {
  if (process.connected) process.send!(message);
};
const sfu = new Sfu(config, send);

async function answer(request: MediaRequest): Promise<unknown> {
  switch (request.op) {
    case 'createCall':
      return sfu.createCall(request.call);
    case 'endCall':
      return sfu.endCall(request.call);
    case 'addParticipant':
      return sfu.addParticipant(request.call, request.session);
    case 'removeParticipant':
      return sfu.removeParticipant(request.call, request.session);
    case 'setMuted':
      return sfu.setMuted(request.call, request.session, request.muted);
    case 'signal':
      return sfu.signal(request.call, request.session, request.signal);
    case 'health': {
      const cpu = process.cpuUsage();
      return { rssBytes: process.memoryUsage.rss(), cpuMicros: cpu.user + cpu.system, ...sfu.counts() };
    }
  }
}

process.on('message', (message: MediaRequestEnvelope) => {
  answer(message.request).then(
    (result) => send({ kind: 'reply', id: message.id, ok: true, result: result ?? null }),
    (err: unknown) => {
      const error = err instanceof MediaRefusal ? { id: err.id, status: err.status, message: err.message } : { id: 'media.internal_error', status: 500, message: `The media service failed: ${String((err as Error)?.message ?? err).slice(0, 300)}` };
      send({ kind: 'reply', id: message.id, ok: false, error });
    },
  );
});

// werift reports a peer's broken packets as errors of its own sockets; one participant's garbage
// must not end everyone's call.
process.on('uncaughtException', (err) => process.stderr.write(`media: ${String(err?.stack ?? err)}\n`));
process.on('unhandledRejection', (err) => process.stderr.write(`media: ${String((err as Error)?.stack ?? err)}\n`));
// The core went away (or closed the channel to stop us): nothing is left to serve.
process.on('disconnect', () => {
  sfu.close();
  process.exit(0);
});
send({ kind: 'ready' });
