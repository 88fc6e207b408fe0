/** docs/guides/rust.md, replayed: a rustc one-file filter and a Cargo project (a file-copying app). */

import { defineGuideTest } from './support/define-guide-test.js';
import { TOOLCHAINS } from './support/toolchains.js';

defineGuideTest('docs/guides/rust.md', TOOLCHAINS.rust);
