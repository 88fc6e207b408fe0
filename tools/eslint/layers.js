// An ESLint rule that enforces the import direction of DESIGN.md section 2: every folder of src/
// may import only from the folders listed for it, and only platform/ and cli/ may touch node:*.
import path from 'node:path';
import { builtinModules } from 'node:module';

/** Folder (relative to src/) -> folders it may import from (itself always allowed). */
export const LAYERS = {
  'api': [],
  'util': ['api'],
  'wasm': ['api', 'util'],
  'runtime': ['api', 'util', 'wasm'],
  'engine/interp': ['api', 'util', 'wasm', 'runtime'],
  'engine/jit': ['api', 'util', 'wasm', 'runtime', 'engine/interp'],
  'engine/native': ['api', 'util', 'wasm', 'runtime'],
  'sys': ['api', 'util'],
  'wasi/p1': ['api', 'util', 'sys'],
  'wasi/p2': ['api', 'util', 'sys', 'wasm', 'component'],
  'component': ['api', 'util', 'wasm', 'runtime'],
  'package': ['api', 'util', 'wasm', 'component'],
  'registry': ['api', 'util', 'wasm', 'component', 'package'],
  'fuzz': ['api', 'util', 'wasm', 'runtime', 'engine', ''],
  'wast': ['api', 'util', 'wasm', 'runtime', 'component'],
  'launch': ['*'],
  'platform/node': ['*'],
  'platform/browser': ['api', 'util', 'wasm', 'runtime', 'engine', 'sys', 'wasi', 'component', 'package'],
  'cli': ['*'],
  'bench': ['*'],
  '': ['*'],
};

const NODE_ALLOWED = ['platform/node', 'cli', 'bench', ''];
const builtins = new Set(builtinModules);

function layerOf(rel) {
  let best = null;
  for (const key of Object.keys(LAYERS)) {
    if (key === '') continue;
    if (rel === key || rel.startsWith(key + '/')) {
      if (best === null || key.length > best.length) best = key;
    }
  }
  return best ?? '';
}

function allowed(from, to) {
  if (from === to) return true;
  const list = LAYERS[from];
  if (list.includes('*')) return true;
  return list.some((l) => to === l || to.startsWith(l + '/')) || (to.startsWith(from + '/'));
}

export default {
  meta: { type: 'problem', schema: [], docs: { description: 'enforce the import direction of DESIGN.md' } },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const srcRoot = path.resolve(context.cwd ?? process.cwd(), 'src');
    const relFile = path.relative(srcRoot, file);
    if (relFile.startsWith('..')) return {};
    const isTest = /\.test\.ts$/.test(file);
    const fromDir = path.dirname(relFile) === '.' ? '' : path.dirname(relFile).split(path.sep).join('/');
    const from = layerOf(fromDir);
    function check(node, source) {
      if (typeof source !== 'string') return;
      if (source.startsWith('node:') || builtins.has(source.split('/')[0])) {
        if (!isTest && !NODE_ALLOWED.includes(from)) {
          context.report({ node, message: `'${from || 'src'}' may not import '${source}': only platform/node and cli touch node:*` });
        }
        return;
      }
      if (!source.startsWith('.')) return;
      const target = path.relative(srcRoot, path.resolve(path.dirname(file), source));
      if (target.startsWith('..')) return;
      const toDir = path.dirname(target) === '.' ? '' : path.dirname(target).split(path.sep).join('/');
      const to = layerOf(toDir);
      if (isTest) return;
      if (!allowed(from, to)) {
        context.report({ node, message: `'${from || 'src'}' may not import from '${to || 'src'}' (DESIGN.md section 2)` });
      }
    }
    return {
      ImportDeclaration(node) { check(node, node.source.value); },
      ExportNamedDeclaration(node) { if (node.source) check(node, node.source.value); },
      ExportAllDeclaration(node) { check(node, node.source.value); },
      ImportExpression(node) { if (node.source.type === 'Literal') check(node, node.source.value); },
    };
  },
};
