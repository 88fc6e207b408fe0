/** docs/guides/cpp.md, replayed: a C++ to-do list built with clang++-19 and libc++, packed and installed. */

import { defineGuideTest } from './support/define-guide-test.js';
import { TOOLCHAINS } from './support/toolchains.js';

defineGuideTest('docs/guides/cpp.md', TOOLCHAINS.cpp);
