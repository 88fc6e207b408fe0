/**
 * The app registry: installed `.kpioapp`s with atomic install/update/uninstall over an injected
 * {@link RegistryStore}, update compatibility checks, and run preparation.
 */
export * from './errors.js';
export * from './store.js';
export * from './memory-store.js';
export * from './index-file.js';
export * from './check-update.js';
export * from './layout.js';
export * from './registry.js';
