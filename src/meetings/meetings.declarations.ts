import type { SliceDeclarations } from '../wiring/slice-declarations';
import { MeetingReadModels1764000001000 } from './meeting-read-models.migration';
import { meetingsProjection } from './meeting.projection';

/** The `meetings` projection and its tables (meetings, agendas, the annual wheel). */
export const MEETINGS_DECLARATIONS: SliceDeclarations = {
  owner: 'meetings',
  migrations: [MeetingReadModels1764000001000],
  projections: [meetingsProjection],
};
