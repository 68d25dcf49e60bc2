// Every request gets an id (X-Request-ID) and, at debug level, one log line when it ends; at info
// level (the default) no line is built.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { expect } from 'chai';
import { Logger, type LogLevel } from '../../core/src/logger.ts';
import { requestLog } from '../../core/src/http/middleware/request-log.ts';
import type { ParleyState } from '../../core/src/http/context.ts';

async function requestWithLogLevel(level: LogLevel): Promise<{ lines: Record<string, unknown>[]; requestId: string | null }> {
  const lines: Record<string, unknown>[] = [];
  const app = new Koa<ParleyState>();
  app.use(requestLog(new Logger({ level, sink: { write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) } })) as Koa.Middleware<ParleyState>);
  app.use((ctx) => {
    ctx.status = 201;
    ctx.body = { ok: true };
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v4/things?x=1`, { method: 'POST' });
    await response.text();
    return { lines, requestId: response.headers.get('x-request-id') };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('request log', () => {
  it('logs each request once at debug level, with its id, method, path, status and duration', async () => {
    const { lines, requestId } = await requestWithLogLevel('debug');
    expect(requestId).to.have.length(26);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ level: 'debug', msg: 'request', request_id: requestId, method: 'POST', url: '/api/v4/things', status_code: 201 });
    expect(lines[0].duration_ms).to.be.a('number');
    expect(lines[0].ip).to.equal('127.0.0.1');
  });

  it('writes no line at info level, and still gives the request its id', async () => {
    const { lines, requestId } = await requestWithLogLevel('info');
    expect(requestId).to.have.length(26);
    expect(lines).to.deep.equal([]);
  });
});
