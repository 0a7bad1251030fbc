/**
 * Who makes a review change: the signed-in person and the request, for the audit log.
 */
import type { UserPrincipal } from '../../context.js';

export interface ReviewActor {
  readonly user: UserPrincipal;
  readonly requestId: string;
}
