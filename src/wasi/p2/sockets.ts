/**
 * `wasi:sockets` under the deny-all network policy (DESIGN.md section 5: no network unless
 * allowed). This host grants no network, so:
 * - `instance-network` hands out a `network` resource (it grants nothing by itself);
 * - `create-tcp-socket`, `create-udp-socket` and `resolve-addresses` answer `access-denied`;
 * - `network-error-code` answers none (no stream error of this host is a network error);
 * - the socket resource types exist, so components that merely mention them link (the Preview 1
 *   adapter imports `tcp-socket` and `udp-socket` for their destructors), but no socket can ever
 *   be created. Their methods are not offered: a component that imports them fails to link with
 *   a `LinkError` naming the method, instead of running into a network it was not given.
 *
 * Real sockets (granted by host and port) are not part of this host yet.
 */

import type { HostInterface } from '../../component/link/host-interface.js';
import { RuntimeResourceType } from '../../component/abi/index.js';
import type { P2Context } from './context.js';
import { WASI_P2_VERSION } from './io.js';

const DENIED = Object.freeze({ tag: 'err' as const, val: 'access-denied' as const });

/** The `wasi:sockets` interfaces of one host instance under the deny-all policy. */
export function socketsInterfaces(ctx: P2Context): HostInterface[] {
  // Note: only `network` can ever have instances; the others are types without values.
  const network = RuntimeResourceType.host('wasi:sockets/network.network', (rep) => ctx.destroy(rep));
  const tcpSocket = RuntimeResourceType.host('wasi:sockets/tcp.tcp-socket');
  const udpSocket = RuntimeResourceType.host('wasi:sockets/udp.udp-socket');
  const incoming = RuntimeResourceType.host('wasi:sockets/udp.incoming-datagram-stream');
  const outgoing = RuntimeResourceType.host('wasi:sockets/udp.outgoing-datagram-stream');
  const resolveStream = RuntimeResourceType.host('wasi:sockets/ip-name-lookup.resolve-address-stream');
  const v = WASI_P2_VERSION;
  return [
    {
      name: 'wasi:sockets/network',
      version: v,
      resources: { network, error: ctx.types.error },
      funcs: {
        /** None: no error of this host comes from the network. */
        'network-error-code': () => ({ tag: 'none' }),
      },
    },
    {
      name: 'wasi:sockets/instance-network',
      version: v,
      resources: { network },
      funcs: {
        /** A handle to the instance's network (which grants no access). */
        'instance-network': () => ctx.own(network, { kind: 'network' }),
      },
    },
    {
      name: 'wasi:sockets/tcp',
      version: v,
      resources: { 'tcp-socket': tcpSocket, network, 'input-stream': ctx.types.inputStream, 'output-stream': ctx.types.outputStream, pollable: ctx.types.pollable },
      funcs: {},
    },
    {
      name: 'wasi:sockets/tcp-create-socket',
      version: v,
      resources: { 'tcp-socket': tcpSocket, network },
      funcs: {
        /** Always `access-denied`: this host grants no network. */
        'create-tcp-socket': () => DENIED,
      },
    },
    {
      name: 'wasi:sockets/udp',
      version: v,
      resources: {
        'udp-socket': udpSocket,
        'incoming-datagram-stream': incoming,
        'outgoing-datagram-stream': outgoing,
        network,
        pollable: ctx.types.pollable,
      },
      funcs: {},
    },
    {
      name: 'wasi:sockets/udp-create-socket',
      version: v,
      resources: { 'udp-socket': udpSocket, network },
      funcs: {
        /** Always `access-denied`: this host grants no network. */
        'create-udp-socket': () => DENIED,
      },
    },
    {
      name: 'wasi:sockets/ip-name-lookup',
      version: v,
      resources: { 'resolve-address-stream': resolveStream, network, pollable: ctx.types.pollable },
      funcs: {
        /** Always `access-denied`: this host resolves no names. */
        'resolve-addresses': () => DENIED,
      },
    },
  ];
}
