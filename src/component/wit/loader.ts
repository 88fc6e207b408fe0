/**
 * Loads WIT from a path through an injected file system (so this layer never touches `node:*`):
 * a single `.wit` file, or a directory whose `*.wit` files form the root package and whose `deps/`
 * folder holds dependencies (each a `.wit` file or a directory of them). {@link checkWitPath}
 * resolves everything and prints the root package(s), for `kpio wit DIR|FILE.wit`.
 */

import { CompileError } from '../../api/errors.js';
import type { WitFileAst } from './ast.js';
import type { WitPackage } from './model.js';
import { parseWit } from './parser.js';
import { printPackage } from './printer.js';
import { WitResolver, type WitResolveOptions } from './resolver.js';

/** The file-system operations WIT loading needs; the CLI passes an implementation over `node:fs`. */
export interface WitFileSystem {
  /** Reads a UTF-8 text file. */
  readText(path: string): string;
  /** True when `path` is a directory. */
  isDirectory(path: string): boolean;
  /** Names of the entries of a directory. */
  list(path: string): string[];
  /** Joins path segments. */
  join(...parts: string[]): string;
}

/** What {@link loadWitPath} returns: the root package(s) and every resolved package in dependency order. */
export interface LoadedWit {
  readonly root: readonly WitPackage[];
  readonly packages: readonly WitPackage[];
}

function parseDir(fs: WitFileSystem, dir: string): WitFileAst[] {
  return fs
    .list(dir)
    .filter((n) => n.endsWith('.wit') && !fs.isDirectory(fs.join(dir, n)))
    .sort()
    .map((n) => {
      const p = fs.join(dir, n);
      return parseWit(fs.readText(p), p);
    });
}

/** Loads and resolves the WIT package at `path` (a `.wit` file or a package directory with `deps/`). */
export function loadWitPath(fs: WitFileSystem, path: string, options: WitResolveOptions = {}): LoadedWit {
  const resolver = new WitResolver(options);
  let root: WitPackage[];
  if (fs.isDirectory(path)) {
    const files = parseDir(fs, path);
    if (files.length === 0) throw new CompileError(`${path}: no .wit files found`);
    root = resolver.addFiles(files, path);
    const deps = fs.join(path, 'deps');
    if (fs.isDirectory(deps)) {
      for (const name of fs.list(deps).sort()) {
        const p = fs.join(deps, name);
        if (fs.isDirectory(p)) {
          const depFiles = parseDir(fs, p);
          if (depFiles.length > 0) resolver.addFiles(depFiles, p);
        } else if (name.endsWith('.wit')) resolver.addFiles([parseWit(fs.readText(p), p)], p);
      }
    }
  } else {
    root = resolver.addFiles([parseWit(fs.readText(path), path)], path);
  }
  return { root, packages: resolver.resolve() };
}

/** Loads, resolves and prints the root package(s) at `path`; throws {@link CompileError} on any error. */
export function checkWitPath(fs: WitFileSystem, path: string, options: WitResolveOptions = {}): string {
  const { root } = loadWitPath(fs, path, options);
  return root.map(printPackage).join('\n');
}

/** Parses, resolves and prints WIT source text (one file, with any inline packages). */
export function checkWitText(text: string, filename: string, options: WitResolveOptions = {}): string {
  const resolver = new WitResolver(options);
  const root = resolver.addFiles([parseWit(text, filename)], filename);
  resolver.resolve();
  return root.map(printPackage).join('\n');
}
