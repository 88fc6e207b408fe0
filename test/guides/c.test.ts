/** docs/guides/c.md, replayed: a C word counter built with clang-19 + wasi-libc, packed and installed. */

import { defineGuideTest } from './support/define-guide-test.js';
import { TOOLCHAINS } from './support/toolchains.js';

defineGuideTest('docs/guides/c.md', TOOLCHAINS.c);
