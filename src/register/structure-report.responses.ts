import { ApiProperty } from '@nestjs/swagger';

/** What GET /reports/structure/:year answers (structure-report.ts). */

class QuestionsHandledView {
  @ApiProperty({ type: 'integer', description: 'Questions under process logic (processlogik)' }) process!: number;
  @ApiProperty({ type: 'integer', description: 'Questions under decision logic (beslutslogik)' }) decision!: number;
  @ApiProperty({ type: 'integer' }) total!: number;
}

class ForumYearView {
  @ApiProperty({ example: 'chairs-council' }) id!: string;
  @ApiProperty({ description: 'As the register named it at the end of the year' }) nameSv!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty({ type: 'integer', description: 'Meetings that started in the year, were not cancelled and have their attendance recorded' })
  meetingsHeld!: number;
  @ApiProperty({
    type: QuestionsHandledView,
    description: 'Questions the forum worked on in the year (accepted, moved in, dialogue, consultation, position, …), by logic',
  })
  questionsHandled!: QuestionsHandledView;
}

class PositionYearView {
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date' }) on!: string;
  @ApiProperty({ type: 'integer' }) organisationsToDecide!: number;
  @ApiProperty({ format: 'date' }) decideBy!: string;
}

class PositionsYearView {
  @ApiProperty({ type: 'integer' }) taken!: number;
  @ApiProperty({ type: [PositionYearView] }) items!: PositionYearView[];
}

class OrganisationDecisionsView {
  @ApiProperty() organisationId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer', description: 'Decisions taken in the year (decidedOn) on a position' }) recorded!: number;
  @ApiProperty({ type: 'integer' }) onTime!: number;
  @ApiProperty({ type: 'integer', description: 'Taken after the position’s decide-by date' }) late!: number;
  @ApiProperty({ type: 'integer', description: 'Days after the due date, summed over the late ones' }) daysLateTotal!: number;
  @ApiProperty({ type: 'integer' }) daysLateMax!: number;
}

class StructuralChangeView {
  @ApiProperty({ format: 'date', description: 'The day it took effect' }) on!: string;
  @ApiProperty({ example: 'ForumRenamed' }) type!: string;
  @ApiProperty({ type: 'object', properties: { sv: { type: 'string' }, en: { type: 'string' } } }) label!: { sv: string; en: string };
  @ApiProperty({ description: 'The organisation, forum or person it concerns' }) subject!: string;
  @ApiProperty({ description: 'What changed, in Swedish' }) detail!: string;
}

export class StructureReportView {
  @ApiProperty({ type: 'integer', example: 2025 }) year!: number;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: [ForumYearView] }) forums!: ForumYearView[];
  @ApiProperty({ type: PositionsYearView }) positions!: PositionsYearView;
  @ApiProperty({ type: [OrganisationDecisionsView] }) decisions!: OrganisationDecisionsView[];
  @ApiProperty({ type: [StructuralChangeView], description: 'The register’s events that took effect in the year' }) structuralChanges!: StructuralChangeView[];
}
