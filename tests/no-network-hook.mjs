// Loaded with `node --import` by tests/zero-network.test.ts into the CLI it runs (and, through execArgv,
// its worker threads): every TCP connection and DNS lookup is recorded in $DOCSEARCH_NET_LOG, and any
// that is not to this machine is refused, so "no network" is proven by what the process tried.
import dns from 'node:dns';
import fs from 'node:fs';
import net from 'node:net';

const log = process.env.DOCSEARCH_NET_LOG;
const loopback = (host) => host === undefined || host === 'localhost' || /^127\./.test(host) || host === '::1' || host === '::ffff:127.0.0.1';
const record = (kind, target) => {
  if (log) fs.appendFileSync(log, JSON.stringify({ kind, target, pid: process.pid }) + '\n');
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = typeof args[0] === 'object' && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : { port: args[0], host: typeof args[1] === 'string' ? args[1] : undefined };
  const target = o.path ? `unix:${o.path}` : `${o.host ?? 'localhost'}:${o.port}`;
  record(o.path || loopback(o.host) ? 'loopback' : 'outbound', target);
  if (!o.path && !loopback(o.host)) {
    process.nextTick(() => this.destroy(new Error(`blocked by the no-network test hook: ${target}`)));
    return this;
  }
  return connect.apply(this, args);
};

for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) {
  const orig = dns[name];
  dns[name] = function (host, ...rest) {
    record(loopback(host) ? 'loopback-dns' : 'dns', host);
    return orig.call(this, host, ...rest);
  };
  const p = dns.promises[name];
  dns.promises[name] = function (host, ...rest) {
    record(loopback(host) ? 'loopback-dns' : 'dns', host);
    return p.call(this, host, ...rest);
  };
}
