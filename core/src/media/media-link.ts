// The supervisor's line to a media service, whichever kind runs it: a media process the core forks
// (media-process-link.ts), or a standalone media server it connects to (media-server-link.ts). Both
// carry the same messages (media-protocol.ts); the supervisor's rules (health checks, restarts with
// backoff, status) do not depend on which.
import type { MediaProcessMessage, MediaRequestEnvelope } from './media-protocol.ts';

export interface MediaLink {
  /** The forked process's pid; null for a service elsewhere. */
  readonly pid: number | null;
  /** Where the service is, for the status: a URL without its credentials; null for a forked process. */
  readonly url: string | null;
  /** Sends one request; false when the link is down (the request will get no reply). */
  send(envelope: MediaRequestEnvelope): boolean;
  /** Asks the service to end this link's calls and closes the link, forcing it after a while; settles once closed. */
  close(): Promise<void>;
  /** Cuts the link at once: the service stopped answering. */
  abort(): void;
}

export interface MediaLinkEvents {
  message(message: MediaProcessMessage): void;
  /** The link ended by itself (not by close()): why, for the status (`exit code 1`, `refused: ...`). */
  ended(why: string): void;
  /** A line the service wrote about itself (its stderr). */
  log(line: string): void;
}
