/**
 * mbox mailboxes (RFC 4155): split, while streaming, into one child per message ('mbox-message'),
 * each written to the temporary folder and parsed later as an e-mail. ">From " lines are unescaped
 * the mboxrd way (one '>' removed), which is also right for the common mboxo files.
 */
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import type { DerivedChild, ParseResult } from '../types.js';
import { ParseFailure } from '../types.js';
import { type ParserInput, childPath, result } from './common.js';
import { MAX_MBOX_MESSAGES } from './limits.js';

/** A separator line is short; a longer run without a newline is body data and is flushed as is. */
const MAX_CARRY_BYTES = 64 * 1024;

interface OpenMessage {
  readonly fd: number;
  readonly index: number;
  readonly separator: string;
  readonly path: string;
  size: number;
}

export async function parseMbox(input: ParserInput): Promise<ParseResult> {
  if (input.size === 0) throw new ParseFailure('the mailbox is empty (0 bytes)');
  const children: DerivedChild[] = [];
  const messages: { index: number; separator: string; size: number }[] = [];
  const warnings: string[] = [];
  // Mutable split state in one object: the line handler below updates it from a closure.
  const state: { open: OpenMessage | null; previousBlank: boolean; stopped: boolean } = {
    open: null,
    previousBlank: true,
    stopped: false,
  };

  const finish = (): void => {
    const message = state.open;
    if (message === null) return;
    closeSync(message.fd);
    state.open = null;
    const metadata = { index: message.index, separator: message.separator };
    children.push({
      name: `message ${String(message.index)}`,
      path: message.path,
      size: message.size,
      method: 'mbox-message',
      metadata,
    });
    messages.push({ ...metadata, size: message.size });
  };
  const write = (bytes: Buffer): void => {
    if (state.open === null) return;
    writeSync(state.open.fd, bytes);
    state.open.size += bytes.length;
  };
  const line = (bytes: Buffer): void => {
    const isSeparator = state.previousBlank && bytes.subarray(0, 5).toString('latin1') === 'From ';
    if (isSeparator) {
      finish();
      if (children.length >= MAX_MBOX_MESSAGES) {
        warnings.push(`Only the first ${String(MAX_MBOX_MESSAGES)} messages were split out.`);
        state.stopped = true;
        return;
      }
      const index = children.length + 1;
      const path = childPath(input.tempDir, 'message', index);
      state.open = { fd: openSync(path, 'wx'), index, separator: bytes.toString('latin1').trim(), path, size: 0 };
    } else if (/^>+From /.test(bytes.subarray(0, 80).toString('latin1'))) {
      write(bytes.subarray(1));
    } else {
      write(bytes);
    }
    state.previousBlank = /^\r?\n$/.test(bytes.toString('latin1'));
  };

  // A function, not a field read, so the compiler does not assume `line` never changes it.
  const stopped = (): boolean => state.stopped;
  let carry = Buffer.alloc(0);
  try {
    for await (const chunk of createReadStream(input.path)) {
      if (stopped()) break;
      let data = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
      let newline = data.indexOf(0x0a);
      while (newline !== -1 && !stopped()) {
        line(data.subarray(0, newline + 1));
        data = data.subarray(newline + 1);
        newline = data.indexOf(0x0a);
      }
      if (data.length > MAX_CARRY_BYTES) {
        write(data);
        state.previousBlank = false;
        data = Buffer.alloc(0);
      }
      carry = Buffer.from(data);
    }
    if (!stopped() && carry.length > 0) line(carry);
    finish();
  } finally {
    if (state.open !== null) closeSync(state.open.fd);
  }
  if (children.length === 0) throw new ParseFailure('not an mbox mailbox: no "From " separator line was found');
  return result('mbox', { metadata: { messages: messages.length, separators: messages }, children, warnings });
}
