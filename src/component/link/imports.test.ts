import { describe, expect, it } from 'vitest';
import { HostInterfaces, splitInterfaceName, versionSatisfies, type HostInterface } from './host-interface.js';
import { lookupImport } from './imports.js';
import { findExportName } from './component-instance.js';

const iface = (name: string, version?: string): HostInterface => ({ name, ...(version === undefined ? {} : { version }), funcs: {}, resources: {} });

describe('versionSatisfies', () => {
  const table: [string | undefined, string | undefined, boolean][] = [
    ['0.2.12', '0.2.0', true],
    ['0.2.12', '0.2.12', true],
    ['0.2.3', '0.2.12', false],
    ['0.3.0', '0.2.0', false],
    ['1.4.0', '1.2.9', true],
    ['2.0.0', '1.9.9', false],
    ['0.2.0-rc.1', '0.2.0-rc.1', true],
    ['0.2.1', '0.2.0-rc.1', false],
    [undefined, undefined, true],
    ['0.2.0', undefined, false],
    [undefined, '0.2.0', false],
  ];
  it.each(table)('%s provides %s: %s', (provided, wanted, ok) => {
    expect(versionSatisfies(provided, wanted)).toBe(ok);
  });

  it('splits interface names', () => {
    expect(splitInterfaceName('wasi:io/streams@0.2.3')).toEqual({ name: 'wasi:io/streams', version: '0.2.3' });
    expect(splitInterfaceName('test')).toEqual({ name: 'test' });
  });
});

describe('lookupImport', () => {
  const hosts = new HostInterfaces().define(iface('wasi:io/streams', '0.2.3')).define(iface('wasi:io/streams', '0.2.12')).define(iface('test:x/y'));

  it('finds the newest compatible host interface', () => {
    expect((lookupImport(hosts, 'wasi:io/streams@0.2.0') as HostInterface).version).toBe('0.2.12');
    expect(lookupImport(hosts, 'wasi:io/streams@0.3.0')).toBeUndefined();
    expect((lookupImport(hosts, 'test:x/y') as HostInterface).name).toBe('test:x/y');
  });

  it('looks up maps exactly, then by compatible or missing version', () => {
    const f = () => 1;
    const g = () => 2;
    const map = { 'a:b/c@0.1.0': f, 'a:b/c@0.1.5': g, 'd:e/f': f, plain: g };
    expect(lookupImport(map, 'a:b/c@0.1.0')).toBe(f);
    expect(lookupImport(map, 'a:b/c@0.1.2')).toBe(g);
    expect(lookupImport(map, 'd:e/f@7.0.0')).toBe(f);
    expect(lookupImport(map, 'plain')).toBe(g);
    expect(lookupImport(map, 'toString')).toBeUndefined();
    expect(lookupImport(new Map([['x', f]]), 'x')).toBe(f);
  });

  it('searches several sources in order', () => {
    const f = () => 1;
    expect(lookupImport([{ 'wasi:io/streams@0.2.0': f }, hosts], 'wasi:io/streams@0.2.0')).toBe(f);
    expect((lookupImport([{}, hosts], 'wasi:io/streams@0.2.0') as HostInterface).version).toBe('0.2.12');
    expect(lookupImport(undefined, 'x')).toBeUndefined();
  });
});

describe('findExportName', () => {
  const names = ['add', 'wasi:cli/run@0.2.3', 'test:dep/test@0.1.0', 'test:dep/test@0.2.0'];
  const table: [string, string | undefined][] = [
    ['add', 'add'],
    ['wasi:cli/run', 'wasi:cli/run@0.2.3'],
    ['wasi:cli/run@0.2.0', 'wasi:cli/run@0.2.3'],
    ['wasi:cli/run@0.3.0', undefined],
    ['test:dep/test', undefined],
    ['test:dep/test@0.1.0', 'test:dep/test@0.1.0'],
    ['sub', undefined],
  ];
  it.each(table)('%s -> %s', (name, want) => {
    expect(findExportName(names, name)).toBe(want);
  });
});
