/**
 * Every CLI command, in the order `kpio --help` lists them. Implementations are loaded on demand so
 * that `kpio run` does not pay for loading the package format, the bench harness or the component
 * stack it does not use.
 */

import type { Command } from './command.js';

/** A command's name and summary, and how to load it. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

/** The registered commands. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'run', summary: 'run a module, component or app (a command, or --invoke an export)', load: async () => (await import('./run.js')).runCommand },
  { name: 'pack', summary: 'pack an app directory into a .kpioapp', load: async () => (await import('./pack.js')).packCommand },
  { name: 'install', summary: 'install a .kpioapp into the registry', load: async () => (await import('./install.js')).installCommand },
  { name: 'list', summary: 'list installed apps', load: async () => (await import('./list.js')).listCommand },
  { name: 'info', summary: 'show an installed app: manifest, permissions, limits, data directory', load: async () => (await import('./info.js')).infoCommand },
  { name: 'update', summary: 'update an installed app from a newer .kpioapp (keeps its data)', load: async () => (await import('./update.js')).updateCommand },
  { name: 'uninstall', summary: 'remove an installed app (its data stays unless --purge)', load: async () => (await import('./uninstall.js')).uninstallCommand },
  { name: 'compile', summary: 'turn a .wat module into a validated .wasm', load: async () => (await import('./compile.js')).compileCommand },
  { name: 'inspect', summary: 'list the imports and exports of a module or component', load: async () => (await import('./inspect.js')).inspectCommand },
  { name: 'wit', summary: "print a component's world as WIT, or check WIT packages", load: async () => (await import('./wit.js')).witCommand },
  { name: 'wast', summary: 'run .wast spec test scripts', load: async () => (await import('./wast.js')).wastCommand },
  { name: 'fuzz', summary: 'differential fuzzing: generated modules on every engine', load: async () => (await import('./fuzz.js')).fuzzCommand },
  { name: 'bench', summary: 'run the benchmark set on every engine and peer, print ratios', load: async () => (await import('./bench.js')).benchCommand },
];
