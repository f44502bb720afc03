import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The annual report on the structure's read model, written only by the
 * `structure-report` projection and rebuildable from the log (docs/structure.md#the-annual-report):
 * meetings (start, held or not), the questions each forum handled under each
 * logic per year, positions taken and decisions recorded with their days late.
 * `down` also forgets the projection's checkpoint, so that a later `up` builds
 * the tables again from the log.
 */
export class StructureReportReadModels1764000002810 implements MigrationInterface {
  name = 'StructureReportReadModels1764000002810';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE rm_structure_report_meeting (meeting_id text PRIMARY KEY, forum text NOT NULL, starts_at text NOT NULL, cancelled boolean NOT NULL, attended boolean NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE rm_structure_report_handled (year integer NOT NULL, forum text NOT NULL, logic text NOT NULL, question_id text NOT NULL, PRIMARY KEY (year, forum, logic, question_id))`,
    );
    await queryRunner.query(`
      CREATE TABLE rm_structure_report_position (
        event_id text PRIMARY KEY,
        year integer NOT NULL,
        position_commit bigint NOT NULL,
        position_prepare bigint NOT NULL,
        question_id text NOT NULL,
        title text NOT NULL,
        on_day text NOT NULL,
        organisations_to_decide integer NOT NULL,
        decide_by text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX rm_structure_report_position_year ON rm_structure_report_position (year)`);
    await queryRunner.query(
      `CREATE TABLE rm_structure_report_decision (event_id text PRIMARY KEY, year integer NOT NULL, organisation_id text NOT NULL, days_late integer NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX rm_structure_report_decision_year ON rm_structure_report_decision (year)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rm_structure_report_decision`);
    await queryRunner.query(`DROP TABLE rm_structure_report_position`);
    await queryRunner.query(`DROP TABLE rm_structure_report_handled`);
    await queryRunner.query(`DROP TABLE rm_structure_report_meeting`);
    await queryRunner.query(`DELETE FROM projection_checkpoints WHERE name IN ('structure-report', 'structure-report#rebuild')`);
  }
}
