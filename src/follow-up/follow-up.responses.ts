import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { CodeLabel, described } from '../http/openapi/common.schemas';
import { OrganisationView } from '../reference-data/reference-data.responses';

/** What the follow-up routes answer (follow-up.queries.ts, follow-up-as-of.queries.ts), labels in the reader's language. */

export class ObligationCounts {
  @ApiProperty({ type: 'integer' }) owed!: number;
  @ApiProperty({ type: 'integer' }) overdue!: number;
  @ApiProperty({ type: 'integer' }) done!: number;
  @ApiProperty(described('The same counts per kind (decision, consultation-answer, feedback, …), each with its label')) byKind!: object;
}

const obligations = (what: string) =>
  described(
    `${what}: key, kind, label, status, organisation, dueDate, overdue, doneOn, reference, question (id, title, stage), and per kind consultation/answer, position/decision or feedback`,
    { array: true },
  );

/** Which of the two past views an answer is: as recorded by an instant, or as in effect on a day, with its label. */
export class TimeAxis {
  @ApiProperty({ enum: ['as-recorded-by', 'as-in-effect-on'] }) code!: string;
  @ApiProperty({ example: 'Som det hade inträffat den' }) label!: string;
}

/** GET /organisations/:id/follow-up: now, as recorded by ?asOf=, or as in effect on ?inEffectOn=. */
export class OrganisationFollowUp {
  @ApiProperty({ type: OrganisationView }) organisation!: OrganisationView;
  @ApiProperty({ format: 'date' }) today!: string;
  @ApiProperty({ type: ObligationCounts }) counts!: ObligationCounts;
  @ApiProperty(obligations('What it owes, overdue first')) owed!: object[];
  @ApiProperty(obligations('What it has done')) done!: object[];
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'With ?asOf=: the instant it is shown as recorded by' }) asOf?: string;
  @ApiPropertyOptional({ format: 'date', description: 'With ?inEffectOn=: the day it is shown as in effect on' }) inEffectOn?: string;
  @ApiPropertyOptional({ type: TimeAxis, description: 'With ?asOf= or ?inEffectOn=: which of the two it is, labelled' }) timeAxis?: TimeAxis;
}

/** GET /audit/organisations/:id/follow-up: always as of an instant. */
export class OrganisationFollowUpAsOf extends OmitType(OrganisationFollowUp, ['asOf', 'inEffectOn', 'timeAxis'] as const) {
  @ApiProperty({ format: 'date-time', description: 'The instant it is shown as of' }) asOf!: string;
}

export class MatrixTotals {
  @ApiProperty({ type: 'integer' }) awaiting!: number;
  @ApiProperty({ type: 'integer' }) overdue!: number;
  @ApiProperty({ type: 'integer' }) decided!: number;
  @ApiProperty({ type: 'integer' }) notConcerned!: number;
}

export class MatrixOrganisation {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: MatrixTotals }) totals!: MatrixTotals;
}

export class MatrixCell {
  @ApiProperty() organisationId!: string;
  @ApiProperty({ enum: ['awaiting', 'overdue', 'decided', 'not-concerned'] }) status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty({ type: String, nullable: true, required: false }) outcome?: string | null;
  @ApiProperty({ type: String, nullable: true, required: false }) outcomeLabel?: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, required: false }) decidedOn?: string | null;
  @ApiProperty({ type: String, nullable: true, required: false }) reference?: string | null;
}

export class GridPosition {
  @ApiProperty({ type: 'integer' }) number!: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) date!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) decideBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) meetingReference!: string | null;
}

/** A row's question: what the grid shows of it, now or as it was at the past point. */
export class GridQuestion {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: CodeLabel }) stage!: CodeLabel;
  @ApiPropertyOptional({ type: 'integer', description: 'At a past point (asOf, inEffectOn): the revision the question stood at then' }) revision?: number;
  @ApiProperty({ type: GridPosition, description: 'The position in force' }) position!: GridPosition;
}

export class MatrixRow {
  @ApiProperty({ type: GridQuestion }) question!: GridQuestion;
  @ApiProperty({ type: MatrixTotals }) counts!: MatrixTotals;
  @ApiProperty({ type: [MatrixCell] }) cells!: MatrixCell[];
}

export class FollowUpMatrix {
  @ApiProperty({ format: 'date', description: 'The day "overdue" is judged on: today, or the past point\'s day' }) today!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'With ?asOf=: the instant it is shown as recorded by' }) asOf?: string;
  @ApiPropertyOptional({ format: 'date', description: 'With ?inEffectOn=: the day it is shown as in effect on' }) inEffectOn?: string;
  @ApiPropertyOptional({ type: TimeAxis, description: 'With ?asOf= or ?inEffectOn=: which of the two it is, labelled' }) timeAxis?: TimeAxis;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'The label of each status' }) statusLabels!: Record<string, string>;
  @ApiProperty({ type: [MatrixOrganisation] }) organisations!: MatrixOrganisation[];
  @ApiProperty({ type: [MatrixRow] }) items!: MatrixRow[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}
