import { isIP } from 'node:net';
import type { Context } from 'hono';

/** The part of @hono/node-server's bindings this file reads; absent when the app runs elsewhere. */
interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/**
 * The address of the client that sent the request: the socket's peer, or, with `trustProxy`
 * (the server sits behind a load balancer that sets the header), the first `X-Forwarded-For`
 * hop. A first hop that is not an IP address is ignored rather than trusted as a bucket name.
 * Undefined when the runtime does not say (a request made in-process with `app.request`).
 */
export function clientIp(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const firstHop = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (firstHop && isIP(firstHop)) return unmapIpv4(firstHop);
  }
  const remote = (c.env as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;
  return remote && isIP(remote) ? unmapIpv4(remote) : undefined;
}

/**
 * The network a client address stands for when counting requests: an IPv4 address itself, but
 * an IPv6 address's /64, since one subscriber usually holds a whole /64 and could otherwise
 * rotate through 2^64 addresses to dodge a per-address limit.
 */
export function clientNetwork(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail] = ip.split('%')[0]!.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  // A dotted IPv4 tail (`64:ff9b::192.0.2.1`) fills two groups.
  const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const zeros = tail === undefined ? 0 : 8 - width(headGroups) - width(tailGroups);
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

/** `::ffff:192.0.2.1` (how a dual-stack socket reports an IPv4 peer) → `192.0.2.1`. */
function unmapIpv4(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}
