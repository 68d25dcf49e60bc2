// An admin tells the plugin-host processes apart in `ps` and `top`: each one's title names its plugin.
import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { startPlugin } from './sandbox-fixtures.ts';

/** The command line `ps -o args` shows, from /proc (NUL-separated arguments). */
async function commandLine(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ').trim();
}

describe('plugin host process title', () => {
  it('names the plugin it hosts, so two hosts look different in ps', async () => {
    const first = await startPlugin('export default () => ({ onActivate() {} })', { pluginId: 'com.example.title-one' });
    const second = await startPlugin('export default () => ({ onActivate() {} })', { pluginId: 'com.example.title-two' });
    try {
      expect(await commandLine(first.pid!)).to.equal('parley-plugin-host com.example.title-one');
      expect(await commandLine(second.pid!)).to.equal('parley-plugin-host com.example.title-two');
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});
