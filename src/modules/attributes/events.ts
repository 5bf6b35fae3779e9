// What the attributes module announces. Definition, option, group and matrix changes publish no
// outbox topic (nothing outside this process consumes them yet); what they must do is make every
// cached effective matrix stale at once, in this process and, through Redis, in every other one.
import { Namespace, type Cache } from '../../platform/cache/index.js';

/** Cache namespace of effective matrices; the categories module bumps it too when a subtree moves. */
export const MATRIX_CACHE_NAMESPACE = 'matrix';

export const matrixCache = (cache: Cache) => new Namespace(cache, MATRIX_CACHE_NAMESPACE);
