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
 * @koa/router tests every route's pattern in turn on every request (about 250 of them here, with a
 * debug call each). A route whose pattern starts with a plain segment can only match a path with
 * that segment (case-insensitively, as the router's patterns match), so this router tests only the
 * routes of the request's first segment, and those that start otherwise (a parameter, a pattern, a
 * middleware) for every path, all in their order in the stack: the same layers as the router's own
 * match, in the same order.
 */
interface SegmentIndex {
  /** The stack's length when it was built. */
  layers: number;
  bySegment: Map<string, ApiLayer[]>;
  everywhere: ApiLayer[];
}

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
    const segment = LITERAL_SEGMENT.exec(path)?.[1];
    if (segment === undefined) return this.stack;
    const index = this.#indexed();
    return index.bySegment.get(segment.toLowerCase()) ?? index.everywhere;
  }

  /** Built on first use, and again if routes were added since (all are added at start-up). */
  #indexed(): SegmentIndex {
    if (this.#index?.layers === this.stack.length) return this.#index;
    const everywhere: ApiLayer[] = [];
    const literal: Array<[string, ApiLayer, number]> = [];
    for (const [position, layer] of this.stack.entries()) {
      const segment = layer.methods.length > 0 && typeof layer.path === 'string' ? LITERAL_SEGMENT.exec(layer.path)?.[1].toLowerCase() : undefined;
      if (segment === undefined) everywhere.push(layer);
      else literal.push([segment, layer, position]);
    }
    // Each segment's list holds its own routes and the ones tested everywhere, in stack order.
    const bySegment = new Map<string, ApiLayer[]>();
    for (const segment of new Set(literal.map(([s]) => s))) {
      const own = literal.filter(([s]) => s === segment);
      const merged = [...own.map(([, layer, position]) => ({ layer, position })), ...everywhere.map((layer) => ({ layer, position: this.stack.indexOf(layer) }))];
      bySegment.set(segment, merged.sort((a, b) => a.position - b.position).map((m) => m.layer));
    }
    this.#index = { layers: this.stack.length, bySegment, everywhere };
    return this.#index;
  }
}
