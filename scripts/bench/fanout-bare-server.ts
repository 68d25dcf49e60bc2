// The fan-out benchmark's baseline, run as its own process as the Parley server is: a plain `ws`
// server that greets each socket with a hello and, for each `POST /broadcast`, sends the request's
// body to every socket — the least any server must do to deliver one frame to all of them.
// Prints its port on stdout once listening.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const frame = Buffer.concat(chunks).toString('utf8');
    for (const client of wss.clients) client.send(frame);
    res.writeHead(201).end();
  });
});
const wss = new WebSocketServer({ server });
wss.on('connection', (socket) => socket.send('{"event":"hello","data":{}}'));
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate();
  server.close(() => process.exit(0));
});
