/** docs/guides/c-component.md, replayed: a C program adapted to a WASI 0.2 command component with jco. */

import { defineGuideTest } from './support/define-guide-test.js';
import { TOOLCHAINS } from './support/toolchains.js';

defineGuideTest('docs/guides/c-component.md', TOOLCHAINS.cComponent, { nodeModules: true });
