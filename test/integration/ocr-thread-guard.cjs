// Loaded with NODE_OPTIONS=--require into the OCR tests' CLI runs. test/helpers/no-network.mjs is an
// ES module preload (`--import`), which Node runs in the main thread only; OCR runs in worker threads
// (Locard's OCR worker and tesseract.js's own), and `--require` preloads run in every thread. Any
// attempt to resolve a name, open a socket or fetch anything but loopback throws, in any thread.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a --require preload is CommonJS */
const dns = require('node:dns');
const net = require('node:net');
const { threadId } = require('node:worker_threads');

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|\[::1\])$/;

function refuse(target) {
  const error = new Error(
    `locard test guard: network access to ${String(target)} attempted (thread ${String(threadId)})`,
  );
  process.stderr.write(`${error.message}\n`);
  throw error;
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const options = typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  if (options.path === undefined && !LOOPBACK.test(options.host ?? 'localhost')) refuse(options.host);
  return connect.apply(this, args);
};

for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) {
  const original = dns[name];
  dns[name] = function guardedLookup(hostname, ...rest) {
    if (!LOOPBACK.test(hostname)) refuse(hostname);
    return original.call(this, hostname, ...rest);
  };
}

if (typeof globalThis.fetch === 'function') {
  const fetch = globalThis.fetch;
  globalThis.fetch = function guardedFetch(input, init) {
    const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
    if (url.protocol !== 'file:' && !LOOPBACK.test(url.hostname)) refuse(url.href);
    return fetch.call(this, input, init);
  };
}
