/** WIT: parsing, resolution, printing, and the WIT view of a component binary. */

export type * from './ast.js';
export type * from './model.js';
export { formatPackageName, interfaceId, unaliasDef } from './model.js';
export { parseWit } from './parser.js';
export { tokenize, spanText, witError, type Span, type Token } from './lexer.js';
export { WitResolver, resolveWitFiles, type WitResolveOptions } from './resolver.js';
export { checkWitPath, checkWitText, loadWitPath, type LoadedWit, type WitFileSystem } from './loader.js';
export { funcSigText, interfacePath, printInterface, printPackage, printWorld, witIdent, witTypeText } from './printer.js';
export { summarizeComponent, witOfComponent, worldOfComponent, type ComponentItemSummary } from './from-component.js';
export { WitTypeContext } from './to-types.js';
