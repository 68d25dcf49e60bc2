// The media service's side of a request, the same in the forked media process and the standalone
// media server: which SFU method answers it, and how a failure is told back.
import { MediaRefusal, type Sfu } from './sfu.ts';
import type { MediaFailure, MediaHealth, MediaRequest } from './media-protocol.ts';

/** Runs one request against the SFU; `counts` names the calls and participants health reports. */
export async function answerMediaRequest(sfu: Sfu, request: MediaRequest, counts: () => { calls: number; participants: number }): Promise<unknown> {
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
      const health: MediaHealth = { rssBytes: process.memoryUsage.rss(), cpuMicros: cpu.user + cpu.system, ...counts() };
      return health;
    }
  }
}

/** A refusal keeps its id and status; anything else is the service's own failure, its message cut short. */
export function mediaFailureOf(err: unknown): MediaFailure {
  if (err instanceof MediaRefusal) return { id: err.id, status: err.status, message: err.message };
  return { id: 'media.internal_error', status: 500, message: `The media service failed: ${String((err as Error)?.message ?? err).slice(0, 300)}` };
}
