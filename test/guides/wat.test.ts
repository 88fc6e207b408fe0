/** docs/guides/wat.md, replayed: hand-written modules invoked from the command line and a WAT app. */

import { defineGuideTest } from './support/define-guide-test.js';
import { TOOLCHAINS } from './support/toolchains.js';

defineGuideTest('docs/guides/wat.md', TOOLCHAINS.wat);
