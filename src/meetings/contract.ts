/** What meetings publish to other slices: how a step carried into a question is answered (taken, refused, pending), which the assignments' answers share. */
export { QuestionStepPending, QuestionStepRefused, QuestionStepTaken } from './meeting.responses';
