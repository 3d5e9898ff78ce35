import { ConflictError } from '../../platform/http/errors.js';

/**
 * A save that found the row changed since the editor loaded it. Carries what is stored now, so
 * the page can show both versions and keep what the person typed; saving again with the current
 * version replaces it deliberately.
 */
export class StaleEditError<T> extends ConflictError {
  constructor(readonly current: T) {
    super('cooperation.errors.staleEdit');
  }
}
