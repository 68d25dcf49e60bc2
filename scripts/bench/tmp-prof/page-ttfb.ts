import { startBenchServer } from '../bench-server.ts';
const server = await startBenchServer();
const time = async (path: string) => { const t = performance.now(); const r = await fetch(server.url + path); await r.arrayBuffer(); return performance.now() - t; };
for (const path of ['/api/v4/system/ping', '/x/channels/y', '/static/nonexistent.js', '/login']) {
  const samples = []; for (let i = 0; i < 30; i++) samples.push(await time(path));
  samples.sort((a, b) => a - b); console.log(path.padEnd(25), 'p50', samples[15].toFixed(2), 'max', samples[29].toFixed(2));
}
await server.close();
