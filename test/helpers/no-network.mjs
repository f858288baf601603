// Loaded with `node --import` into every CLI run of the test suite: any attempt to resolve a name or
// open a socket to anything but loopback throws, so a test that exercises a code path that phones
// home fails loudly instead of silently timing out on an air-gapped machine.
import dns from 'node:dns';
import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

function refuse(target) {
  const error = new Error(`locard test guard: network access to ${String(target)} attempted`);
  process.stderr.write(`${error.message}\n`);
  throw error;
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const options = typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  if (options.path === undefined) {
    const host = options.host ?? 'localhost';
    if (!LOOPBACK.test(host)) refuse(host);
  }
  return connect.apply(this, args);
};

for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) {
  const original = dns[name];
  dns[name] = function guardedLookup(hostname, ...rest) {
    if (!LOOPBACK.test(hostname)) refuse(hostname);
    return original.call(this, hostname, ...rest);
  };
}
