import { assignmentApprovalReaction } from '../assignments/assignment-approval.reaction';
import { meetingOutcomeReaction } from '../meetings/meeting-outcome.reaction';
import { yearWheelReaction } from '../meetings/year-wheel.reaction';
import { ReactionFactory } from './reaction';

/** Every reaction the application runs; each slice adds its own here. */
export const REGISTERED_REACTIONS: ReactionFactory[] = [meetingOutcomeReaction, assignmentApprovalReaction, yearWheelReaction];
