import { expect } from 'chai';
import { splitCommandLine } from '../src/command-line.ts';
import { parseEcho } from '../src/builtins/echo-command.ts';

describe('slash-commands command lines', () => {
  it('splits the lower-cased trigger from the message kept as typed after one separator', async () => {
    expect(splitCommandLine('/Echo  Two  Spaces')).to.deep.equal({ trigger: 'echo', message: ' Two  Spaces' });
    expect(splitCommandLine('/away')).to.deep.equal({ trigger: 'away', message: '' });
    expect(splitCommandLine('/code\nline')).to.deep.equal({ trigger: 'code', message: 'line' });
  });

  it('reads /echo delays as Mattermost does: after a quoted message, or a trailing number', async () => {
    expect(parseEcho('"hello there" 5')).to.deep.equal({ message: 'hello there', delaySeconds: 5 });
    expect(parseEcho('"hello there"')).to.deep.equal({ message: 'hello there', delaySeconds: 0 });
    expect(parseEcho('hello 12')).to.deep.equal({ message: 'hello', delaySeconds: 12 });
    expect(parseEcho('hello world')).to.deep.equal({ message: 'hello world', delaySeconds: 0 });
    expect(parseEcho('"quoted" soon')).to.deep.equal({ message: 'quoted', delaySeconds: 0 });
  });
});
