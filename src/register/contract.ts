/**
 * What the structure register publishes to other slices: the reader their
 * rules ask (is this organisation a member, is this person in the working
 * group, on a date) and the structure as of a date.
 */
export { RegisterReader } from './register-reader';
export { registerDecider } from './register.aggregate';
export { forumNameOn, forumNamesOn, structureAsOf, type StructureAsOf } from './structure-as-of';
export { isEmpty, type StructureState } from './register.state';
export { registerProjection } from './register.projection';
