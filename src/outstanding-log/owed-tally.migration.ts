import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rm_owed_tally (questions each organisation owes something on, per earliest
 * due date; '' for none), kept by question-views beside rm_question_owed: the
 * total of an organisation's outstanding log is a sum over it
 * (owed-questions.ts). Filled here from rm_question_owed, which the same
 * projection keeps in the same transactions, so no rebuild is needed.
 */
export class OwedTally1764000002000 implements MigrationInterface {
  name = 'OwedTally1764000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rm_owed_tally (
        organisation_id text NOT NULL,
        due text NOT NULL,
        questions integer NOT NULL,
        PRIMARY KEY (organisation_id, due)
      )`);
    await queryRunner.query(`
      INSERT INTO rm_owed_tally (organisation_id, due, questions)
      SELECT organisation_id, coalesce(to_char(due, 'YYYY-MM-DD'), ''), count(*) FROM rm_question_owed GROUP BY 1, 2`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rm_owed_tally`);
  }
}
