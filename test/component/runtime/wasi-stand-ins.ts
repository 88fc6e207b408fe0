// Minimal WASI 0.2 host interfaces for the component corpus, until src/wasi/p2 lands: exactly the
// functions the test components import through the preview1 adapter (stdio streams that capture
// what the guest writes, arguments, an empty environment and no preopens, `exit`, terminals that
// are absent, and the resource types of poll and sockets, which they import but never use).
// Anything a guest does beyond that is refused with an error value.
import { ExitError } from '../../../src/api/errors.js';
import { ResourceRef } from '../../../src/component/abi/resource-ref.js';
import { RuntimeResourceType } from '../../../src/component/abi/resource-type.js';
import { HostInterfaces, type HostInterface } from '../../../src/component/link/index.js';

/** What a stand-in WASI host captured. */
export interface WasiStandIns {
  readonly interfaces: HostInterfaces;
  /** Everything the guest wrote to stdout, as text. */
  stdout(): string;
  /** Everything the guest wrote to stderr, as text. */
  stderr(): string;
}

const VERSION = '0.2.3';

/** Creates fresh stand-in WASI interfaces (their own resource types and output buffers); `args` are the command's arguments. */
export function wasiStandIns(args: readonly string[] = []): WasiStandIns {
  const out: Record<'stdout' | 'stderr', Uint8Array[]> = { stdout: [], stderr: [] };
  const error = RuntimeResourceType.host('wasi:io/error.error');
  const outputStream = RuntimeResourceType.host('wasi:io/streams.output-stream');
  const inputStream = RuntimeResourceType.host('wasi:io/streams.input-stream');
  const descriptor = RuntimeResourceType.host('wasi:filesystem/types.descriptor');
  const dirStream = RuntimeResourceType.host('wasi:filesystem/types.directory-entry-stream');
  const terminalInput = RuntimeResourceType.host('wasi:cli/terminal-input.terminal-input');
  const terminalOutput = RuntimeResourceType.host('wasi:cli/terminal-output.terminal-output');

  const sink = (self: ResourceRef): Uint8Array[] => {
    const which = self.rep as 'stdout' | 'stderr';
    return out[which];
  };
  const write = (self: ResourceRef, contents: Uint8Array) => {
    sink(self).push(contents.slice());
    return { tag: 'ok' };
  };
  const unsupported = () => ({ tag: 'err', val: 'unsupported' });
  const iface = (name: string, funcs: HostInterface['funcs'], resources: HostInterface['resources'] = {}): HostInterface => ({
    name,
    version: VERSION,
    funcs,
    resources,
  });
  const resourceOnly = (name: string, ...resources: string[]): HostInterface =>
    iface(name, {}, Object.fromEntries(resources.map((r) => [r, RuntimeResourceType.host(`${name}.${r}`)])));
  const interfaces = new HostInterfaces()
    .define(iface('wasi:io/error', {}, { error }))
    .define(
      iface(
        'wasi:io/streams',
        {
          '[method]output-stream.check-write': () => ({ tag: 'ok', val: 1n << 20n }),
          '[method]output-stream.write': write,
          '[method]output-stream.blocking-write-and-flush': write,
          '[method]output-stream.blocking-flush': () => ({ tag: 'ok' }),
        },
        { 'output-stream': outputStream, 'input-stream': inputStream, error },
      ),
    )
    .define(iface('wasi:cli/stdin', { 'get-stdin': () => ResourceRef.own(inputStream, 'stdin') }))
    .define(iface('wasi:cli/stdout', { 'get-stdout': () => ResourceRef.own(outputStream, 'stdout') }))
    .define(iface('wasi:cli/stderr', { 'get-stderr': () => ResourceRef.own(outputStream, 'stderr') }))
    .define(iface('wasi:cli/environment', { 'get-environment': () => [], 'get-arguments': () => [...args], 'initial-cwd': () => ({ tag: 'none' }) }))
    .define(
      iface('wasi:cli/exit', {
        exit: (status: { tag: string }) => {
          throw new ExitError(status.tag === 'ok' ? 0 : 1);
        },
      }),
    )
    .define(iface('wasi:clocks/wall-clock', {}))
    .define(
      iface(
        'wasi:filesystem/types',
        {
          '[method]descriptor.write-via-stream': unsupported,
          '[method]descriptor.append-via-stream': unsupported,
          '[method]descriptor.get-type': unsupported,
          '[method]descriptor.stat': unsupported,
          '[method]descriptor.get-flags': unsupported,
          'filesystem-error-code': () => ({ tag: 'none' }),
        },
        { descriptor, 'directory-entry-stream': dirStream },
      ),
    )
    .define(iface('wasi:filesystem/preopens', { 'get-directories': () => [] }))
    .define(iface('wasi:cli/terminal-input', {}, { 'terminal-input': terminalInput }))
    .define(iface('wasi:cli/terminal-output', {}, { 'terminal-output': terminalOutput }))
    .define(iface('wasi:cli/terminal-stdin', { 'get-terminal-stdin': () => ({ tag: 'none' }) }))
    .define(iface('wasi:cli/terminal-stdout', { 'get-terminal-stdout': () => ({ tag: 'none' }) }))
    .define(iface('wasi:cli/terminal-stderr', { 'get-terminal-stderr': () => ({ tag: 'none' }) }))
    .define(resourceOnly('wasi:io/poll', 'pollable'))
    .define(resourceOnly('wasi:sockets/udp', 'udp-socket', 'incoming-datagram-stream', 'outgoing-datagram-stream'))
    .define(resourceOnly('wasi:sockets/tcp', 'tcp-socket'));
  const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString('utf8');
  return { interfaces, stdout: () => text(out.stdout), stderr: () => text(out.stderr) };
}
