import { MigrationInterface, QueryRunner } from 'typeorm';

export class InvitationOpenEmail1796180371499 implements MigrationInterface {
  name = 'InvitationOpenEmail1796180371499';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `invitation` ADD `openEmail` varchar(254) NULL");
    await queryRunner.query("CREATE UNIQUE INDEX `uq_invitation_open` ON `invitation` (`organizationId`, `openEmail`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `uq_invitation_open` ON `invitation`");
    await queryRunner.query("ALTER TABLE `invitation` DROP COLUMN `openEmail`");
  }
}
