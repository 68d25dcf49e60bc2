// What the requests of one measured phase came to: every latency, failures by kind, and each
// route's share of the time (where a step's time went).

/** Not an HTTP status: the request got no answer within the timeout, or its connection failed. */
export const TIMED_OUT = -1;
export const CONNECTION_FAILED = -2;

export interface RouteTotals {
  route: string;
  count: number;
  totalMs: number;
  /** 5xx, timeouts and failed connections. */
  failed: number;
  /** 4xx: the load model asked for something the server refuses. */
  refused: number;
  /** The first refusal's status and error id, to tell what the model got wrong. */
  firstRefusal: string;
}

export class RequestRecorder {
  readonly latencies: number[] = [];
  /** 5xx answers, timeouts and failed connections: what the health rule counts. */
  failed = 0;
  timeouts = 0;
  refused = 0;
  readonly #routes = new Map<string, RouteTotals>();

  /** `error` is the body of a 4xx answer. */
  record(route: string, ms: number, status: number, error = ''): void {
    this.latencies.push(ms);
    let totals = this.#routes.get(route);
    if (!totals) this.#routes.set(route, (totals = { route, count: 0, totalMs: 0, failed: 0, refused: 0, firstRefusal: '' }));
    totals.count++;
    totals.totalMs += ms;
    if (status >= 500 || status < 0) {
      this.failed++;
      totals.failed++;
      if (status === TIMED_OUT) this.timeouts++;
    } else if (status >= 400) {
      this.refused++;
      if (totals.refused++ === 0) totals.firstRefusal = `${status} ${errorId(error)}`;
    }
  }

  routes(): RouteTotals[] {
    return [...this.#routes.values()];
  }
}

function errorId(body: string): string {
  try {
    return String((JSON.parse(body) as { id?: unknown }).id ?? '');
  } catch {
    return '';
  }
}
