/** docs/guides/assemblyscript.md, replayed: a word-frequency app built with asc and the WASI shim. */

import { defineGuideTest } from './support/define-guide-test.js';
import { TOOLCHAINS } from './support/toolchains.js';

defineGuideTest('docs/guides/assemblyscript.md', TOOLCHAINS.assemblyscript, { nodeModules: true });
