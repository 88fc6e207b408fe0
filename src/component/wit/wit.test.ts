import { describe, expect, it } from 'vitest';
import { CompileError } from '../../api/errors.js';
import { checkWitPath, checkWitText, loadWitPath, type WitFileSystem } from './loader.js';
import { interfaceId } from './model.js';
import { parseWit } from './parser.js';

const SAMPLE = `/// A demo package.
package local:demo@1.2.0;

/// Shared types.
@since(version = 1.0.0)
interface types {
  /// A point.
  record point {
    x: s32,
    y: s32,
  }

  type size = u64;

  flags perms {
    read,
    write,
  }

  enum color {
    red,
    green,
  }

  variant shape {
    circle(u32),
    nothing,
  }

  resource blob {
    constructor(init: list<u8>);
    write: func(bytes: list<u8>) -> result<_, string>;
    merge: static func(a: borrow<blob>, b: borrow<blob>) -> blob;
  }

  resource file;

  open: func(path: string, mode: option<perms>) -> result<file, tuple<u32, string>>;

  @unstable(feature = fancy)
  fancy: func();
}

interface api {
  use types.{point, blob as bytes, size};

  area: func(a: point, b: point) -> size;

  take: func(b: bytes) -> list<list<u8, 4>>;

  %type: func(%record: bool) -> result;
}

world base {
  import log: func(msg: string);
  export run: func() -> result<u32>;
}

world app {
  include base with { log as logger }
  import api;
  export inline: interface {
    use types.{color};

    pick: func() -> color;
  }
}
`;

describe('WIT', () => {
  it('parses, resolves and prints a package; printing is stable', () => {
    const once = checkWitText(SAMPLE, 'demo.wit');
    expect(once).toContain('package local:demo@1.2.0;');
    expect(once).toContain('write: func(bytes: list<u8>) -> result<_, string>;');
    expect(once).toContain('merge: static func(a: borrow<blob>, b: borrow<blob>) -> blob;');
    expect(once).toContain('constructor(init: list<u8>);');
    expect(once).toContain('use types.{point, blob as bytes, size};');
    expect(once).toContain('%type: func(%record: bool) -> result;');
    expect(once).toContain('take: func(b: bytes) -> list<list<u8, 4>>;');
    expect(once).toContain('import logger: func(msg: string);');
    expect(once).not.toContain('fancy');
    expect(once).toContain('/// A point.');
    expect(once).toContain('@since(version = 1.0.0)');
    // The world imports `types` too, because `api` and the inline export use it.
    expect(once).toMatch(/world app \{\n {2}import logger: func\(msg: string\);\n {2}import types;\n {2}import api;\n\n {2}export run: func\(\) -> result<u32>;\n {2}export inline: interface \{/);
    const twice = checkWitText(once, 'printed.wit');
    expect(twice).toBe(once);
  });

  it('keeps @unstable items when their feature is enabled', () => {
    expect(checkWitText(SAMPLE, 'demo.wit', { features: ['fancy'] })).toContain('@unstable(feature = fancy)\n  fancy: func();');
  });

  it('records docs, gates and resource functions in the model', () => {
    const fs = memoryFs({ '/p/demo.wit': SAMPLE });
    const pkg = loadWitPath(fs, '/p').root[0]!;
    const types = pkg.interfaces.get('types')!;
    expect(interfaceId(types)).toBe('local:demo/types@1.2.0');
    expect(types.docs).toBe('Shared types.');
    expect([...types.functions.keys()]).toEqual(['[constructor]blob', '[method]blob.write', '[static]blob.merge', 'open']);
    const write = types.functions.get('[method]blob.write')!;
    expect(write.params.map((p) => p.name)).toEqual(['self', 'bytes']);
    const api = pkg.interfaces.get('api')!;
    const bytes = api.types.get('bytes')!;
    expect(bytes.kind).toEqual({ kind: 'alias', type: { kind: 'named', def: types.types.get('blob') } });
  });

  const errors: [string, string, RegExp][] = [
    ['unknown type', 'package a:b;\ninterface i {\n  f: func(x: nope);\n}\n', /^e\.wit:3:14: type `nope` does not exist/],
    ['unknown interface', 'package a:b;\ninterface i {\n  use missing.{t};\n}\n', /^e\.wit:3:7: interface `missing` does not exist/],
    ['unknown package', 'package a:b;\ninterface i {\n  use x:y/z@1.0.0.{t};\n}\n', /^e\.wit:3:7: package `x:y@1\.0\.0` not found/],
    ['unknown used type', 'package a:b;\ninterface j {}\ninterface i {\n  use j.{t};\n}\n', /^e\.wit:4:10: type `t` not defined in interface/],
    ['duplicate names', 'package a:b;\ninterface i {\n  type t = u8;\n  t: func();\n}\n', /e\.wit:4:3: name `t` is defined more than once/],
    ['a recursive type', 'package a:b;\ninterface i {\n  record r {\n    x: list<r>,\n  }\n}\n', /type `r` depends on itself/],
    ['a use cycle', 'package a:b;\ninterface i {\n  use j.{t};\n  type u = u8;\n}\ninterface j {\n  use i.{u};\n  type t = u8;\n}\n', /depends on itself/],
    ['a keyword as a name', 'package a:b;\ninterface i {\n  type: func();\n}\n', /e\.wit:3:7: expected an identifier/],
    ['a bad identifier', 'package a:b;\ninterface i {\n  fooBar: func();\n}\n', /e\.wit:3:3: identifier `fooBar` is not in kebab case/],
    ['a handle to a non-resource', 'package a:b;\ninterface i {\n  type t = u8;\n  f: func(x: borrow<t>);\n}\n', /used in a handle must be a resource/],
    ['a bad constructor result', 'package a:b;\ninterface i {\n  resource r {\n    constructor() -> u32;\n  }\n}\n', /constructor of `r` must return/],
    ['a borrow result', 'package a:b;\ninterface i {\n  resource r;\n  f: func() -> borrow<r>;\n}\n', /function result cannot contain a `borrow`/],
    ['both since and unstable', 'package a:b@1.0.0;\n@since(version = 1.0.0)\n@unstable(feature = x)\ninterface i {}\n', /e\.wit:2:1: an item cannot be both `@since` and `@unstable`/],
    ['@deprecated alone', 'package a:b@1.0.0;\ninterface i {\n  @deprecated(version = 1.0.0)\n  f: func();\n}\n', /e\.wit:3:3: `@deprecated` must be paired with `@since` or `@unstable`/],
    ['@since without a package version', 'package a:b;\n@since(version = 1.0.0)\ninterface i {}\n', /e\.wit:2:1: package `a:b` has no version/],
    ['an unknown include rename', 'package a:b;\nworld w {}\nworld v {\n  include w with { x as y }\n}\n', /`with` name `x` is not an import or export of world `w`/],
    ['a bad version', 'package a:b@1.x;\n', /e\.wit:1:13: invalid version `1\.x`/],
    ['a late package line', 'interface i {}\npackage a:b;\n', /must be the first item/],
    ['an unterminated comment', 'package a:b;\n/* open', /e\.wit:2:1: unterminated block comment/],
    ['a bidi override', 'package a:b;\n// \u202e\n', /e\.wit:2:4: forbidden character U\+202E/],
  ];
  it.each(errors)('reports %s with file:line:col', (_what, text, message) => {
    let err: unknown;
    try {
      checkWitText(text, 'e.wit');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CompileError);
    expect((err as Error).message).toMatch(message);
  });

  it('resolves dependencies from deps/ and inline package blocks', () => {
    const fs = memoryFs({
      '/w/main.wit': 'package my:app;\nworld app {\n  import wasi:clocks/wall-clock@0.2.0;\n  import other:thing/api;\n}\n',
      '/w/deps/clocks/wall-clock.wit': 'package wasi:clocks@0.2.0;\ninterface wall-clock {\n  record datetime {\n    seconds: u64,\n    nanoseconds: u32,\n  }\n  now: func() -> datetime;\n}\n',
      '/w/deps/other.wit': 'package other:thing;\npackage other:base {\n  interface t {\n    type id = u32;\n  }\n}\ninterface api {\n  use other:base/t.{id};\n  get: func() -> id;\n}\n',
    });
    const out = checkWitPath(fs, '/w');
    expect(out).toBe('package my:app;\n\nworld app {\n  import wasi:clocks/wall-clock@0.2.0;\n  import other:base/t;\n  import other:thing/api;\n}\n');
    const loaded = loadWitPath(fs, '/w');
    expect(loaded.packages.map((p) => `${p.name.namespace}:${p.name.name}`)).toEqual(['wasi:clocks', 'other:base', 'other:thing', 'my:app']);
  });

  it('splits a package across files', () => {
    const fs = memoryFs({ '/m/a.wit': 'package x:y;\ninterface a {\n  use b.{t};\n}\n', '/m/b.wit': 'interface b {\n  type t = string;\n}\n' });
    expect(checkWitPath(fs, '/m')).toContain('interface a {\n  use b.{t};\n}');
  });

  it('parses versions next to `.{` and comments everywhere', () => {
    const ast = parseWit('package a:b@0.2.0-rc.1; /* c /* nested */ */\n// line\ninterface i { use c:d/e@1.0.0.{x}; }\n', 'v.wit');
    expect(ast.main.name?.version).toBe('0.2.0-rc.1');
    const item = ast.main.items[0]!;
    expect(item.kind === 'interface' && item.iface.items[0]!.kind).toBe('use');
  });
});

function memoryFs(files: Record<string, string>): WitFileSystem {
  const dirs = new Set<string>();
  for (const f of Object.keys(files)) {
    const parts = f.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/') || '/');
  }
  return {
    readText: (p) => {
      const t = files[p];
      if (t === undefined) throw new Error(`no file ${p}`);
      return t;
    },
    isDirectory: (p) => dirs.has(p),
    list: (p) => [...new Set([...Object.keys(files), ...dirs].filter((x) => x.startsWith(p + '/') && !x.slice(p.length + 1).includes('/')).map((x) => x.slice(p.length + 1)))],
    join: (...parts) => parts.join('/').replace(/\/+/g, '/'),
  };
}

describe('WIT to component types', () => {
  it('converts interfaces, keeping resource identity across `use`', async () => {
    const { WitTypeContext } = await import('./to-types.js');
    const fs = memoryFs({
      '/t/a.wit':
        'package t:io@1.0.0;\ninterface streams {\n  resource output-stream {\n    write: func(b: list<u8>) -> result<_, string>;\n  }\n  record pos {\n    x: u32,\n  }\n}\ninterface stdout {\n  use streams.{output-stream, pos as at};\n  get: func() -> output-stream;\n  where: func() -> at;\n}\n',
    });
    const pkg = loadWitPath(fs, '/t').root[0]!;
    const ctx = new WitTypeContext();
    const streams = ctx.instance(pkg.interfaces.get('streams')!);
    const stdout = ctx.instance(pkg.interfaces.get('stdout')!);
    const r = streams.exports.get('output-stream');
    if (r?.kind !== 'type' || r.type.kind !== 'resource') throw new Error('expected a resource');
    expect(streams.resources).toEqual([r.type.resource]);
    expect(stdout.resources).toEqual([]);
    const get = stdout.exports.get('get');
    expect(get).toEqual({ kind: 'func', type: { params: [], result: { kind: 'own', resource: r.type.resource } } });
    if (get?.kind === 'func' && get.type.result?.kind === 'own') expect(get.type.result.resource).toBe(r.type.resource);
    expect(streams.exports.get('[method]output-stream.write')).toEqual({
      kind: 'func',
      type: {
        params: [
          { name: 'self', type: { kind: 'borrow', resource: r.type.resource } },
          { name: 'b', type: { kind: 'list', elem: { kind: 'prim', prim: 'u8' } } },
        ],
        result: { kind: 'result', ok: null, err: { kind: 'prim', prim: 'string' } },
      },
    });
    expect(stdout.exports.get('where')).toEqual({ kind: 'func', type: { params: [], result: { kind: 'record', fields: [{ name: 'x', type: { kind: 'prim', prim: 'u32' } }] } } });
  });
});
