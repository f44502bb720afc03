import { ApiProperty } from '@nestjs/swagger';

/** What the operators' projection routes answer (ProjectionsService.statuses). */

export class RebuildProgress {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) requestedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) position!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) eventsApplied!: number | null;
}

export class ProjectionStatusView {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['running', 'failed', 'rebuilding', 'stopped', 'standby', 'unowned'] }) status!: string;
  @ApiProperty({ enum: ['this-instance', 'another-instance', 'nobody'] }) owner!: string;
  @ApiProperty({ description: 'The global position applied up to' }) position!: string;
  @ApiProperty({ type: 'integer' }) eventsApplied!: number;
  @ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    description: 'Events stored after position: a count, or text such as "10000+" beyond the counting cap',
  })
  eventsBehind!: number | string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastEventRecordedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) failedEventId!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: RebuildProgress, nullable: true }) rebuild!: RebuildProgress | null;
  @ApiProperty() ownedByThisInstance!: boolean;
}

export class RebuildRequested {
  @ApiProperty({ type: [String], description: 'The projections whose rebuild was asked for' }) requested!: string[];
}
