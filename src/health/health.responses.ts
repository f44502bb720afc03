import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ProjectionStatusView } from '../projections/projections.responses';

/** What the health routes answer (HealthController): nothing that names a host, user or folder. */

export class LiveView {
  @ApiProperty({ enum: ['up'] }) status!: string;
}

export class ReadinessView {
  @ApiProperty() ready!: boolean;
  @ApiProperty({ type: [String], description: 'Why not ready (empty when ready)' }) notReady!: string[];
}

export class EventStoreHealthView {
  @ApiProperty({ enum: ['up', 'down'] }) status!: string;
  @ApiProperty({ enum: ['postgres', 'eventstoredb'] }) adapter!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'The adapter’s details while up' }) details?: object;
}

export class ReadModelHealthView {
  @ApiProperty({ enum: ['up', 'down'] }) status!: string;
  @ApiPropertyOptional({ description: 'While up: embedded PostgreSQL (PGlite) or PostgreSQL server' }) database?: string;
  @ApiPropertyOptional({ description: 'While down: the read-model table that cannot be read' }) error?: string;
}

export class ReactionStatusView {
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['running', 'failed', 'stopped', 'standby'] }) status!: string;
  @ApiProperty() position!: string;
  @ApiProperty({ type: 'integer' }) eventsPassed!: number;
  @ApiProperty({ type: String, nullable: true }) failedEventId!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty() ownedByThisInstance!: boolean;
}

export class HealthView extends ReadinessView {
  @ApiProperty({ enum: ['up', 'degraded', 'down'] }) status!: string;
  @ApiProperty({ type: EventStoreHealthView }) eventStore!: EventStoreHealthView;
  @ApiProperty({ type: ReadModelHealthView }) readModels!: ReadModelHealthView;
  @ApiProperty({ type: [ProjectionStatusView] }) projections!: ProjectionStatusView[];
  @ApiProperty({ type: [ReactionStatusView] }) reactions!: ReactionStatusView[];
}
