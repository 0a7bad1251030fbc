/**
 * Who makes a review change: the signed-in person and the request, for the audit log.
 */
import { viewerFor, type Viewer } from '../../../core/domain/access.js';
import type { UserPrincipal } from '../../context.js';

export interface ReviewActor {
  readonly user: UserPrincipal;
  readonly requestId: string;
}

/** The actor as a viewer of the access decision (the workspace a write answers is theirs). */
export const viewerOfActor = (actor: ReviewActor): Viewer => viewerFor(actor.user.role);
