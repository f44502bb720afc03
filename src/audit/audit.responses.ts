import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageInfoSchema, described } from '../http/openapi/common.schemas';

/** What the audit routes answer (AuditController, QuestionAuditController): computed from the event log itself. */

export class ChainSummaryView {
  @ApiProperty() intact!: boolean;
  @ApiProperty({ type: 'integer' }) streamsChecked!: number;
  @ApiProperty({ type: 'integer' }) eventsChecked!: number;
  @ApiProperty(described('The first break in the global log: streamId, revision, problem, detail, event', { nullable: true })) firstBroken!: object | null;
  @ApiProperty(described('The first break of every broken stream', { array: true })) brokenStreams!: object[];
}

export class DigestCheckView {
  @ApiProperty() asOf!: string;
  @ApiProperty() expected!: string;
  @ApiProperty() actual!: string;
  @ApiProperty() matches!: boolean;
  @ApiProperty({ type: 'integer' }) streams!: number;
  @ApiProperty({ type: 'integer' }) events!: number;
}

export class VerificationReportView {
  @ApiProperty() intact!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The global position checked up to' }) checkedUpTo!: string | null;
  @ApiProperty({ type: ChainSummaryView }) chains!: ChainSummaryView;
  @ApiPropertyOptional({ type: DigestCheckView, description: 'With ?digest=: the log up to asOf compared with the printed digest' }) digest?: DigestCheckView;
}

export class DigestStatementView {
  @ApiProperty({ enum: ['sha256'] }) algorithm!: string;
  @ApiProperty({ description: '64 hexadecimal digits' }) digest!: string;
  @ApiProperty({ description: 'The digest in groups of eight, for printing in minutes' }) printable!: string;
  @ApiProperty({ description: 'The global position the digest covers' }) asOf!: string;
  @ApiProperty({ type: 'integer' }) streams!: number;
  @ApiProperty({ type: 'integer' }) events!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastEventRecordedAt!: string | null;
  @ApiProperty({ description: 'A sentence to print in the minutes' }) statement!: string;
}

export class StreamIntegrityView {
  @ApiProperty({ description: 'Every event links to the one before it and still gives its own hash' }) intact!: boolean;
  @ApiProperty(described('streamId, revision, problem, detail, event', { nullable: true })) firstBroken!: object | null;
  @ApiProperty({ type: 'integer' }) events!: number;
  @ApiProperty({ type: 'integer' }) headRevision!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Hash of the last event: it covers the whole stream' }) headHash!: string | null;
}

export class HistoryEntryView {
  @ApiProperty({ type: 'integer' }) revision!: number;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ description: 'Swedish name of the event type' }) label!: string;
  @ApiProperty({ type: 'integer' }) schemaVersion!: number;
  @ApiProperty(described('The data exactly as stored (what the hash covers)')) data!: object;
  @ApiPropertyOptional(described('The data as the current code reads it, when stored in an older shape')) dataInCurrentShape?: object;
  @ApiProperty(described('actor (userId, displayName, role, organisationId), occurredAt, reason, correlationId, causationId, commandId'))
  metadata!: object;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty() position!: string;
  @ApiProperty() hash!: string;
  @ApiProperty() previousHash!: string;
}

export class QuestionHistoryView extends PageInfoSchema {
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty({ type: [HistoryEntryView] }) items!: HistoryEntryView[];
  @ApiProperty({ type: StreamIntegrityView }) integrity!: StreamIntegrityView;
}
