/** Running component `.wast` scripts: the session that runs component commands and the whole-script runner. */

export { ComponentCommandFailure, ComponentWastSession, hasComponentCommands, isComponentCommand, runComponentWastScript } from './runner.js';
export { formatComponentValue, matchComponentValue, toComponentValue, ValueMismatch } from './values.js';
