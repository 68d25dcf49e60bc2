// The first script an isolate runs, before any plugin code. It is plain JavaScript evaluated inside
// the isolate: it removes globals a plugin could abuse, builds the frozen `api` object, and returns
// the entry points the host process keeps as References (init, dispatch, settle, ping) — never placed on
// the global, so plugin code cannot reach them.
//
// The host callback arrives as an argument and lives only in this closure. Everything that runs
// after plugin code (API calls, hook dispatch, settling API results) uses intrinsics captured here,
// called directly or through the captured Reflect.apply, so a plugin that patches Object.prototype,
// Function.prototype.call or Promise.prototype.then sees only its own values, never the host
// callback. The host process re-checks every value it receives: nothing here is trusted.
//
// Removed globals and why:
// - console: plugins log through api.log (V8's console writes nowhere anyway).
// - SharedArrayBuffer, Atomics: Atomics.wait blocks the isolate's thread; no threads to share with.
// - WebAssembly: wasm memory is not counted against the isolate's memory limit, and shared wasm
//   memory hands out SharedArrayBuffers again. Plugins are JavaScript bundles.
// - FinalizationRegistry: its callbacks run as tasks outside any hook call, beyond the host's budgets.
//
// Added: crypto.getRandomValues and crypto.randomUUID (Web Crypto's), filled from the host's CSPRNG,
// because plugins mint secrets (webhook ids, tokens) and V8's Math.random is not one.

export interface BootstrapConfig {
  methods: readonly string[];
  hookNames: readonly string[];
  maxPayloadChars: number;
  maxMessageChars: number;
  maxRandomBytes: number;
}

/** The host callback's kinds: `api` asks the core, `result` settles a hook call (id 0: the factory), `random` returns hex-encoded random bytes. */
export type HostCallKind = 'api' | 'result' | 'random';

/** Web Crypto's limit for one getRandomValues call. */
export const MAX_RANDOM_BYTES = 65536;

export const BOOTSTRAP_SOURCE = String.raw`(function bootstrap(host, configJson) {
  'use strict';
  const G = globalThis;
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const apply = Reflect.apply;
  const defineProperty = Reflect.defineProperty;
  const freeze = Object.freeze;
  const create = Object.create;
  const PromiseCtor = Promise;
  const promiseResolve = Promise.resolve;
  const promiseReject = Promise.reject;
  const then = Promise.prototype.then;
  const ErrorCtor = Error;
  const StringCtor = String;
  const slice = String.prototype.slice;
  const config = parse(configJson);

  const removed = ['console', 'SharedArrayBuffer', 'Atomics', 'WebAssembly', 'FinalizationRegistry'];
  for (let i = 0; i < removed.length; i++) delete G[removed[i]];

  const parseInteger = Number.parseInt;
  const isView = ArrayBuffer.isView;
  const TypeErrorCtor = TypeError;
  const Uint8ArrayCtor = Uint8Array;
  const typedArrayBuffer = Reflect.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'buffer').get;
  const typedArrayOffset = Reflect.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'byteOffset').get;
  const typedArrayLength = Reflect.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'byteLength').get;
  const typedArrayTag = Reflect.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;
  const INTEGER_ARRAYS = { Int8Array: 1, Uint8Array: 1, Uint8ClampedArray: 1, Int16Array: 1, Uint16Array: 1, Int32Array: 1, Uint32Array: 1, BigInt64Array: 1, BigUint64Array: 1 };

  // Web Crypto's getRandomValues: fills an integer typed array in place from the host's CSPRNG.
  function getRandomValues(array) {
    const tag = isView(array) ? apply(typedArrayTag, array, []) : undefined;
    if (tag === undefined || INTEGER_ARRAYS[tag] !== 1) throw new TypeErrorCtor('getRandomValues needs an integer typed array');
    const length = apply(typedArrayLength, array, []);
    if (length > config.maxRandomBytes) throw sandboxError('QuotaExceededError', 'getRandomValues fills at most ' + config.maxRandomBytes + ' bytes at a time');
    const hex = host('random', length);
    const bytes = new Uint8ArrayCtor(apply(typedArrayBuffer, array, []), apply(typedArrayOffset, array, []), length);
    for (let i = 0; i < length; i++) bytes[i] = parseInteger(apply(slice, hex, [i * 2, i * 2 + 2]), 16);
    return array;
  }

  function randomUUID() {
    const b = getRandomValues(new Uint8ArrayCtor(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let out = '';
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
      out += (b[i] < 16 ? '0' : '') + b[i].toString(16);
    }
    return out;
  }

  defineProperty(G, 'crypto', { __proto__: null, value: freeze({ __proto__: null, getRandomValues, randomUUID }), enumerable: false, writable: false, configurable: false });

  function sandboxError(id, message) {
    const error = new ErrorCtor(message);
    defineProperty(error, 'id', { __proto__: null, value: id, enumerable: true, writable: false, configurable: true });
    return error;
  }

  function rejected(id, message) {
    return apply(promiseReject, PromiseCtor, [sandboxError(id, message)]);
  }

  // The message of whatever a plugin threw, cut short before it crosses to the host.
  function describe(value) {
    let text;
    try {
      if (typeof value === 'object' && value !== null) {
        const message = value.message;
        text = typeof message === 'string' ? message : StringCtor(message === undefined ? value : message);
      } else {
        text = StringCtor(value);
      }
    } catch (ignored) {
      return 'the plugin threw a value that cannot be described';
    }
    return text.length > config.maxMessageChars ? apply(slice, text, [0, config.maxMessageChars]) : text;
  }

  // API calls waiting for the core's answer, by the id the host process gave them.
  const pending = create(null);

  function callApi(method, args) {
    let json;
    try {
      json = stringify(args);
    } catch (error) {
      return rejected('sandbox.api.invalid_args', method + ': the arguments cannot be sent as JSON: ' + describe(error));
    }
    if (typeof json !== 'string') return rejected('sandbox.api.invalid_args', method + ': the arguments cannot be sent as JSON');
    if (json.length > config.maxPayloadChars) {
      return rejected('sandbox.api.too_large', method + ': the arguments exceed ' + config.maxPayloadChars + ' characters of JSON');
    }
    const answer = host('api', method, json);
    if (typeof answer !== 'number') {
      const refusal = parse(answer);
      return rejected(refusal.id, refusal.message);
    }
    return new PromiseCtor((resolve, reject) => {
      pending[answer] = { resolve, reject };
    });
  }

  function settle(id, ok, payload, message) {
    const waiter = pending[id];
    if (waiter === undefined) return;
    delete pending[id];
    if (ok) waiter.resolve(parse(payload));
    else waiter.reject(sandboxError(payload, message));
  }

  const api = create(null);
  for (let i = 0; i < config.methods.length; i++) {
    const method = config.methods[i];
    const dot = method.indexOf('.');
    const group = method.slice(0, dot);
    const name = method.slice(dot + 1);
    if (api[group] === undefined) api[group] = create(null);
    api[group][name] = freeze((...args) => callApi(method, args));
  }
  // store.transaction (a LocalApiMethod): begin, the plugin's work, then commit — or rollback when
  // the work throws — composed of the RPC methods above. Only the plugin's own values pass through it.
  if (api.store !== undefined) {
    const store = api.store;
    store.transaction = freeze(async (work) => {
      const txId = await store.begin();
      let result;
      try {
        result = await work(freeze({ query: freeze((sql, params) => store.query(sql, params === undefined ? [] : params, txId)) }));
      } catch (error) {
        try {
          await store.rollback(txId);
        } catch (ignored) {
          // The transaction may already have ended (its time ran out); the work's error is the one to report.
        }
        throw error;
      }
      await store.commit(txId);
      return result;
    });
  }
  for (const group in api) freeze(api[group]);
  freeze(api);

  function report(id, value) {
    let json;
    try {
      json = stringify(value === undefined ? null : value);
    } catch (error) {
      host('result', id, false, 'sandbox.result.invalid', 'the result cannot be sent as JSON: ' + describe(error));
      return;
    }
    if (typeof json !== 'string') json = 'null';
    if (json.length > config.maxPayloadChars) {
      host('result', id, false, 'sandbox.result.too_large', 'the result is ' + json.length + ' characters of JSON; the limit is ' + config.maxPayloadChars);
      return;
    }
    host('result', id, true, json);
  }

  function fail(id, error) {
    host('result', id, false, 'sandbox.plugin.error', describe(error), appErrorOf(error));
  }

  // The id and status of an error thrown on purpose (an HttpError), as JSON for the host to check; '' otherwise.
  function appErrorOf(value) {
    try {
      if (typeof value !== 'object' || value === null) return '';
      const errorId = value.id;
      const status = value.status;
      if (typeof errorId !== 'string' || typeof status !== 'number' || errorId.length > 128) return '';
      return stringify({ id: errorId, status: status });
    } catch (ignored) {
      return '';
    }
  }

  // Runs plugin code and reports its outcome, whether it returns, throws, or settles a promise later.
  function settleOutcome(id, run, onValue) {
    let outcome;
    try {
      outcome = run();
    } catch (error) {
      fail(id, error);
      return;
    }
    apply(then, apply(promiseResolve, PromiseCtor, [outcome]), [
      (value) => {
        try {
          onValue(value);
        } catch (error) {
          fail(id, error);
        }
      },
      (error) => fail(id, error),
    ]);
  }

  const implemented = create(null);
  let hooksObject = null;

  function invalid(message) {
    host('result', 0, false, 'sandbox.plugin.invalid', message);
  }

  function init(namespace) {
    let factory;
    try {
      factory = namespace.default;
    } catch (error) {
      fail(0, error);
      return;
    }
    if (typeof factory !== 'function') {
      invalid("the module's default export must be a function (api) => hooks: use definePlugin");
      return;
    }
    settleOutcome(0, () => factory(api), (hooks) => {
      if (typeof hooks !== 'object' || hooks === null) {
        invalid('the plugin factory must return an object of hooks');
        return;
      }
      hooksObject = hooks;
      const names = [];
      for (let i = 0; i < config.hookNames.length; i++) {
        const name = config.hookNames[i];
        const fn = hooks[name];
        if (typeof fn === 'function') {
          implemented[name] = fn;
          names[names.length] = name;
        }
      }
      report(0, names);
    });
  }

  function dispatch(id, hook, argsJson) {
    const fn = implemented[hook];
    if (fn === undefined) {
      host('result', id, false, 'sandbox.hook.not_implemented', 'the plugin does not implement ' + hook);
      return;
    }
    settleOutcome(id, () => apply(fn, hooksObject, parse(argsJson)), (value) => report(id, value));
  }

  // The health check's trivial call: answering proves the isolate's thread takes calls.
  function ping() {
    return true;
  }

  return freeze({ __proto__: null, init, dispatch, settle, ping });
})`;
