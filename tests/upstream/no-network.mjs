/**
 * Preloaded (`NODE_OPTIONS=--import=…`) into a `minutes` process by tests/no-network.test.ts: every
 * outgoing TCP connection (net, tls, http, fetch all go through `net.Socket#connect`) and every DNS
 * look-up of a name is appended to the file named by MINUTES_NETWORK_LOG, one JSON line each.
 * Unix sockets (tsx's IPC pipe) and the look-up of an IP literal (a server's `listen`) are not network.
 */
import {appendFileSync} from 'node:fs'
import dns from 'node:dns'
import net from 'node:net'

const file = process.env.MINUTES_NETWORK_LOG
const record = (what, target) => {
  if (file) appendFileSync(file, `${JSON.stringify({what, target, pid: process.pid, argv: process.argv.slice(2)})}\n`)
}
const connect = net.Socket.prototype.connect
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]
  const target = typeof first === 'object' && first !== null ? {host: first.host, port: first.port, path: first.path} : {port: first, host: args[1]}
  if (!target.path && !(typeof target.port === 'string' && !/^\d+$/.test(target.port))) record('connect', target)
  return connect.apply(this, args)
}
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) {
  const original = dns[name]
  dns[name] = function (hostname, ...rest) {
    if (net.isIP(hostname) === 0) record(`dns.${name}`, hostname)
    return original.call(this, hostname, ...rest)
  }
}
