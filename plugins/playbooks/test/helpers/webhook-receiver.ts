// A loopback HTTP server that records the JSON bodies POSTed to it: the receiving end of the
// webhooks a playbook sends (run creation, status updates), reached through the server's outbound
// HTTP when ServiceSettings.AllowedUntrustedInternalConnections allows 127.0.0.1.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  /** Where to send: `http://127.0.0.1:<port>/hook`. */
  url: string;
  /** Each request's body, parsed, in the order they arrived. */
  bodies: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const bodies: Array<Record<string, unknown>> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      bodies.push(JSON.parse(body) as Record<string, unknown>);
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
