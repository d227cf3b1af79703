/** Injection tokens for values (not classes) shared across modules. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const SOURCE_VARS = Symbol('SOURCE_VARS');
export const REDIS = Symbol('REDIS');
