import { MemoryFileSystem } from '../../src/sys/index.js';
import { describeFsConformance } from './fs-conformance.js';

describeFsConformance('MemoryFileSystem', () => ({ root: new MemoryFileSystem().root(), dispose() {} }));
