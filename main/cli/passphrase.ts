/**
 * Where the CLI gets a passphrase: a file named on the command line, an environment variable, or an
 * interactive prompt that does not echo. Node has no no-echo prompt of its own, hence this small one.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './usage.js';

export interface PassphraseSource {
  readonly file?: string;
  readonly envVar: string;
  readonly prompt: string;
  /** Ask twice when setting a new passphrase interactively. */
  readonly confirm?: boolean;
}

export async function readPassphrase(source: PassphraseSource): Promise<string> {
  if (source.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(source.file, 'utf8');
    } catch (error) {
      throw new UsageError(`Cannot read the passphrase file ${source.file}: ${(error as Error).message}`);
    }
    // One trailing newline is an artefact of editors and `echo`; anything else is the passphrase.
    return text.replace(/\r?\n$/, '');
  }
  const fromEnv = process.env[source.envVar];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError(
      `No passphrase given. Use a terminal for the prompt, --passphrase-file FILE, or the ${source.envVar} variable.`,
    );
  }
  const first = await promptHidden(source.prompt);
  if (source.confirm) {
    const second = await promptHidden('Repeat it: ');
    if (first !== second) throw new UsageError('The two passphrases differ; nothing was changed.');
  }
  return first;
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new UsageError('Cancelled.'));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}
