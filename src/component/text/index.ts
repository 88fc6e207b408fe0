/**
 * The component text format: Explainer.md's text syntax, in the dialect wasm-tools and the
 * component-model reference tests use (strict component indices), compiled to component binary
 * bytes for the decoder and validator (`../binary`).
 */

export { parseComponentFields, parseComponentText, type ComponentTextOptions } from './parse.js';
export { tokenizeComponent } from './lexer.js';
