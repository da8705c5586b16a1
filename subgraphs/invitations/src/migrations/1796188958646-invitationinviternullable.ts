import { MigrationInterface, QueryRunner } from 'typeorm';

export class InvitationInviterNullable1796188958646 implements MigrationInterface {
  name = 'InvitationInviterNullable1796188958646';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `invitation` CHANGE `invitedBy` `invitedBy` varchar(36) NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `invitation` CHANGE `invitedBy` `invitedBy` varchar(36) NOT NULL");
  }
}
