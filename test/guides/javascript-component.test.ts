/** docs/guides/javascript-component.md, replayed: a componentize-js component, invoked in WAVE and installed. */

import { defineGuideTest } from './support/define-guide-test.js';
import { TOOLCHAINS } from './support/toolchains.js';

defineGuideTest('docs/guides/javascript-component.md', TOOLCHAINS.componentizeJs, { nodeModules: true });
