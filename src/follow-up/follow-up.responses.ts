import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { described } from '../http/openapi/common.schemas';
import { QuestionSummary } from '../question-list/contract';
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

/** GET /organisations/:id/follow-up: now, or as it stood at ?asOf=. */
export class OrganisationFollowUp {
  @ApiProperty({ type: OrganisationView }) organisation!: OrganisationView;
  @ApiProperty({ format: 'date' }) today!: string;
  @ApiProperty({ type: ObligationCounts }) counts!: ObligationCounts;
  @ApiProperty(obligations('What it owes, overdue first')) owed!: object[];
  @ApiProperty(obligations('What it has done')) done!: object[];
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'With ?asOf=: the instant it is shown as of' }) asOf?: string;
}

/** GET /audit/organisations/:id/follow-up: always as of an instant. */
export class OrganisationFollowUpAsOf extends OmitType(OrganisationFollowUp, ['asOf'] as const) {
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

export class MatrixRow {
  @ApiProperty({ type: QuestionSummary }) question!: QuestionSummary;
  @ApiProperty({ type: MatrixTotals }) counts!: MatrixTotals;
  @ApiProperty({ type: [MatrixCell] }) cells!: MatrixCell[];
}

export class FollowUpMatrix {
  @ApiProperty({ format: 'date' }) today!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'The label of each status' }) statusLabels!: Record<string, string>;
  @ApiProperty({ type: [MatrixOrganisation] }) organisations!: MatrixOrganisation[];
  @ApiProperty({ type: [MatrixRow] }) items!: MatrixRow[];
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}
