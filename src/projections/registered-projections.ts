import { assignmentsProjection } from '../assignments/assignment.projection';
import { FOLLOW_UP_PROJECTIONS } from '../follow-up';
import { meetingsProjection } from '../meetings/meeting.projection';
import { QUESTION_PROJECTIONS } from '../question-list';
import { Projection } from './projection';

/** Every projection the application runs; each slice adds its own here. */
export const REGISTERED_PROJECTIONS: Projection[] = [...QUESTION_PROJECTIONS, ...FOLLOW_UP_PROJECTIONS, assignmentsProjection, meetingsProjection];
