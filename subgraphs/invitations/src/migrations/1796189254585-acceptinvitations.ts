import { MigrationInterface, QueryRunner } from 'typeorm';

export class AcceptInvitations1796189254585 implements MigrationInterface {
  name = 'AcceptInvitations1796189254585';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `invitation` ADD `claimId` varchar(36) NULL");
    await queryRunner.query("ALTER TABLE `invitation` ADD `claimedAt` datetime(3) NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `invitation` DROP COLUMN `claimedAt`");
    await queryRunner.query("ALTER TABLE `invitation` DROP COLUMN `claimId`");
  }
}
