// The /api/v4 router and the shape every route module has.
import Router, { type Layer, type MatchResult, type RouterOptions } from '@koa/router';
import type { ConfigService } from '../config/config-service.ts';
import type { Services } from '../app/services.ts';
import type { Logger } from '../logger.ts';
import type { PluginService } from '../plugins/management/plugin-service.ts';
import type { PluginMarketplace } from '../plugins/management/plugin-marketplace.ts';
import type { PluginRuntime } from '../plugins/runtime/plugin-runtime.ts';
import type { ParleyState } from './context.ts';
import type { FirstAdminSetup } from '../app/first-admin-setup.ts';

export type ApiRouter = Router<ParleyState>;

/** What route modules are given: services and config, never the store. */
export interface RouteDeps {
  services: Services;
  config: ConfigService;
  logger: Logger;
  plugins: PluginService;
  marketplace: PluginMarketplace;
  /** Built beside the marketplace, whose one-click install it uses. */
  firstAdminSetup: FirstAdminSetup;
  pluginRuntime: PluginRuntime;
}

const PREFIX = '/api/v4';

export function createApiRouter(): ApiRouter {
  return new SegmentIndexedRouter({ prefix: PREFIX });
}

type ApiLayer = Layer<ParleyState>;

/** A route's first segment below the prefix when it is plain text (`channels` for /api/v4/channels/...), else null. */
const LITERAL_SEGMENT = /^\/api\/v4\/([A-Za-z0-9_.-]+)(?:\/|$)/;

/**
 * @koa/router tests every route's pattern in turn on every request (about 270 of them here, 86 under
 * /users alone: 17-31 µs a request). A route whose pattern starts with a plain segment can only
 * match a path with that segment (case-insensitively, as the router's patterns match), and one
 * made of plain segments and `:params` only a path with as many segments (a parameter never matches
 * an empty one or a slash; one trailing slash is allowed). So this router tests only the routes of
 * the request's first segment and length, and those that start otherwise or take a varying number
 * of segments (a middleware, a wildcard, an optional part) for every path, all in their order in the
 * stack: the same layers as the router's own match, in the same order.
 */
interface SegmentIndex {
  /** The stack's length when it was built. */
  layers: number;
  /** By first segment: the layers to test for a path of any length, and by its number of segments. */
  bySegment: Map<string, { anyLength: ApiLayer[]; byLength: Map<number, ApiLayer[]> }>;
  everywhere: ApiLayer[];
}

/** Pattern characters that let a route match a varying number of segments. */
const VARYING_LENGTH = /[*?{}()]/;

/** @koa/router's class with its state type fixed (its constructor is overloaded, which `extends` cannot pick from). */
const ParleyRouter = Router as new (options?: RouterOptions) => Router<ParleyState>;

export class SegmentIndexedRouter extends ParleyRouter {
  #index: SegmentIndex | null = null;

  override match(path: string, method: string): MatchResult<ParleyState> {
    const result: MatchResult<ParleyState> = { path: [], pathAndMethod: [], route: false };
    const upper = method.toUpperCase();
    for (const layer of this.#candidates(path)) {
      if (!layer.match(path)) continue;
      result.path.push(layer);
      if (layer.methods.length === 0 || layer.methods.includes(upper)) {
        result.pathAndMethod.push(layer);
        if (layer.methods.length > 0) result.route = true;
      }
    }
    return result;
  }

  /** A path whose first segment is not plain text (odd characters, an empty segment) is tested against every route. */
  #candidates(path: string): ApiLayer[] {
    const segment = LITERAL_SEGMENT.exec(path)?.[1].toLowerCase();
    if (segment === undefined) return this.stack;
    const index = this.#indexed();
    // An empty segment past the first matches no route of fixed length: only the varying ones may.
    const count = path.includes('//') ? -1 : segmentCount(path);
    const lists = index.bySegment.get(segment);
    return lists ? (lists.byLength.get(count) ?? lists.anyLength) : index.everywhere;
  }

  /** Built on first use, and again if routes were added since (all are added at start-up). */
  #indexed(): SegmentIndex {
    if (this.#index?.layers === this.stack.length) return this.#index;
    const everywhere: ApiLayer[] = [];
    const shaped: Array<{ segment: string; count: number | null; layer: ApiLayer }> = [];
    for (const layer of this.stack) {
      const pattern = layer.methods.length > 0 && typeof layer.path === 'string' ? layer.path : undefined;
      const segment = pattern === undefined ? undefined : LITERAL_SEGMENT.exec(pattern)?.[1].toLowerCase();
      if (pattern === undefined || segment === undefined) everywhere.push(layer);
      else shaped.push({ segment, count: VARYING_LENGTH.test(pattern) ? null : segmentCount(pattern), layer });
    }
    const position = new Map(this.stack.map((layer, i) => [layer, i]));
    const inStackOrder = (layers: ApiLayer[]) => layers.sort((a, b) => position.get(a)! - position.get(b)!);
    // A segment's list (for lengths none of its routes has) holds its varying routes and those tested
    // everywhere; a segment and length's list adds the routes of that length.
    const bySegment: SegmentIndex['bySegment'] = new Map();
    for (const segment of new Set(shaped.map((s) => s.segment))) {
      const own = shaped.filter((s) => s.segment === segment);
      const varying = own.filter((s) => s.count === null).map((s) => s.layer);
      const byLength = new Map<number, ApiLayer[]>();
      for (const count of new Set(own.flatMap((s) => (s.count === null ? [] : [s.count])))) {
        const fixed = own.filter((s) => s.count === count).map((s) => s.layer);
        byLength.set(count, inStackOrder([...fixed, ...varying, ...everywhere]));
      }
      bySegment.set(segment, { anyLength: inStackOrder([...varying, ...everywhere]), byLength });
    }
    this.#index = { layers: this.stack.length, bySegment, everywhere };
    return this.#index;
  }
}

/** Segments of a path, one trailing slash not counted (`/api/v4/users/me/` has four). */
function segmentCount(path: string): number {
  let count = 0;
  const end = path.endsWith('/') ? path.length - 1 : path.length;
  for (let i = 0; i < end; i++) if (path.charCodeAt(i) === 0x2f) count++;
  return count;
}
