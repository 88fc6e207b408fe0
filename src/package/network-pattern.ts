/**
 * Network permission patterns of the form `host:port`, as written in a manifest's
 * `[permissions] network` list or a `--grant net:...` flag, and the matcher sockets use to decide
 * whether a connection is allowed.
 *
 * Hosts: `*` (any), `*.example.com` (any subdomain, not the domain itself), `example.com`,
 * an IPv4 address, or a bracketed IPv6 address. Ports: `*`, `443`, or a range `8000-8099`.
 */

/** A parsed network pattern. */
export interface NetworkPattern {
  /** The pattern in canonical form (lower-case host, IPv6 compressed as written is kept). */
  readonly text: string;
  /** What the host part matches. */
  readonly host:
    | { readonly kind: 'any' }
    | { readonly kind: 'suffix'; readonly suffix: string }
    | { readonly kind: 'name'; readonly name: string }
    | { readonly kind: 'ipv4'; readonly address: string }
    | { readonly kind: 'ipv6'; readonly address: string };
  /** Lowest allowed port. */
  readonly portMin: number;
  /** Highest allowed port. */
  readonly portMax: number;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Parses a `host:port` pattern; returns the problem as a string when it is malformed. */
export function parseNetworkPattern(text: string): NetworkPattern | string {
  let hostText: string;
  let portText: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text[close + 1] !== ':') return 'an IPv6 host must be written "[address]:port"';
    hostText = text.slice(1, close);
    portText = text.slice(close + 2);
    const address = canonicalIpv6(hostText);
    if (address === null) return `"${hostText}" is not a valid IPv6 address`;
    const ports = parsePorts(portText);
    if (typeof ports === 'string') return ports;
    return { text: `[${hostText.toLowerCase()}]:${portText}`, host: { kind: 'ipv6', address }, ...ports };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) return 'expected "host:port" (use "*" for any port)';
  hostText = text.slice(0, colon).toLowerCase();
  portText = text.slice(colon + 1);
  const ports = parsePorts(portText);
  if (typeof ports === 'string') return ports;
  const canonical = `${hostText}:${portText}`;
  if (hostText === '*') return { text: canonical, host: { kind: 'any' }, ...ports };
  if (hostText.includes(':')) return 'an IPv6 host must be written in brackets, "[address]:port"';
  if (/^[0-9.]+$/.test(hostText)) {
    if (!isIpv4(hostText)) return `"${hostText}" is not a valid IPv4 address`;
    return { text: canonical, host: { kind: 'ipv4', address: hostText }, ...ports };
  }
  if (hostText.startsWith('*.')) {
    const suffix = hostText.slice(2);
    if (!isDomain(suffix)) return `"${hostText}" is not a valid host pattern ("*" may only stand for whole leading labels)`;
    return { text: canonical, host: { kind: 'suffix', suffix }, ...ports };
  }
  if (!isDomain(hostText)) return `"${hostText}" is not a valid host name`;
  return { text: canonical, host: { kind: 'name', name: hostText }, ...ports };
}

/**
 * True when a connection to `host` (a name, IPv4, or IPv6 address with or without brackets) on
 * `port` is allowed by `pattern`.
 */
export function matchesNetworkPattern(pattern: NetworkPattern, host: string, port: number): boolean {
  if (!Number.isInteger(port) || port < pattern.portMin || port > pattern.portMax) return false;
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  switch (pattern.host.kind) {
    case 'any':
      return true;
    case 'name':
      return h === pattern.host.name;
    case 'suffix':
      return h.endsWith('.' + pattern.host.suffix) && h.length > pattern.host.suffix.length + 1;
    case 'ipv4':
      return h === pattern.host.address;
    case 'ipv6':
      return canonicalIpv6(h) === pattern.host.address;
  }
}

/** True when any of `patterns` allows `host:port`. */
export function networkAllowed(patterns: readonly NetworkPattern[], host: string, port: number): boolean {
  return patterns.some((p) => matchesNetworkPattern(p, host, port));
}

function parsePorts(text: string): { portMin: number; portMax: number } | string {
  if (text === '*') return { portMin: 1, portMax: 65535 };
  const m = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/.exec(text);
  if (!m) return `"${text}" is not a port, a port range "low-high", or "*"`;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (lo < 1 || hi > 65535 || lo > 65535) return `port ${lo > 65535 || lo < 1 ? lo : hi} is out of range (1-65535)`;
  if (lo > hi) return `the port range ${text} is empty`;
  return { portMin: lo, portMax: hi };
}

function isDomain(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  const labels = s.split('.');
  // Note: an all-numeric last label would read as an IPv4 address elsewhere.
  return labels.every((l) => LABEL.test(l)) && !/^[0-9]+$/.test(labels[labels.length - 1]!);
}

function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** The canonical (fully expanded, lower-case) form of an IPv6 address, or `null` if malformed. */
function canonicalIpv6(s: string): string | null {
  let text = s.toLowerCase();
  if (text.includes('%')) return null; // zone ids are host-specific, never in a portable pattern
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = text.slice(lastColon + 1);
    if (!isIpv4(v4)) return null;
    const b = v4.split('.').map(Number);
    tail = [(b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!];
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const groups = part.split(':');
    if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
    return groups.map((g) => parseInt(g, 16));
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (head === null || rest === null) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...rest];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return null;
  if (tail.length) groups.splice(6, 2, ...tail);
  return groups.map((g) => g.toString(16)).join(':');
}
