// Structured JSON-lines logging with child loggers that carry fields (request_id, plugin_id, ...).

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogSink {
  write(line: string): void;
}

/** Writes one JSON object per line: `{timestamp, level, msg, ...fields}`. */
export class Logger {
  #fields: LogFields;
  #level: { current: LogLevel };
  #sink: LogSink;

  constructor(options: { level?: LogLevel; sink?: LogSink; fields?: LogFields } = {}) {
    this.#fields = options.fields ?? {};
    this.#level = { current: options.level ?? 'info' };
    this.#sink = options.sink ?? process.stdout;
  }

  /** A logger that adds `fields` to every line; it shares its parent's level and sink. */
  child(fields: LogFields): Logger {
    const child = new Logger({ sink: this.#sink, fields: { ...this.#fields, ...fields } });
    child.#level = this.#level;
    return child;
  }

  /** Changes the level for this logger, its parent and all its children (config applied live). */
  setLevel(level: LogLevel): void {
    this.#level.current = level;
  }

  isEnabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.#level.current];
  }

  debug(msg: string, fields?: LogFields): void {
    this.#log('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.#log('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.#log('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.#log('error', msg, fields);
  }

  #log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (!this.isEnabled(level)) return;
    const line = { timestamp: new Date().toISOString(), level, msg, ...this.#fields, ...fields };
    this.#sink.write(JSON.stringify(line, errorReplacer) + '\n');
  }
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack, cause: value.cause };
  }
  return value;
}

/** A logger that drops everything (tests that do not assert on logs). */
export function silentLogger(): Logger {
  return new Logger({ sink: { write() {} }, level: 'error' });
}
