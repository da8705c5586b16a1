import { MigrationInterface, QueryRunner } from 'typeorm';

export class InvitationLimits1796189198457 implements MigrationInterface {
  name = 'InvitationLimits1796189198457';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `invitation_settings` (`organizationId` varchar(36) NOT NULL, `expiryDays` int NOT NULL, PRIMARY KEY (`organizationId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE INDEX `idx_invitation_created` ON `invitation` (`organizationId`, `createdAt`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `idx_invitation_created` ON `invitation`");
    await queryRunner.query("DROP TABLE `invitation_settings`");
  }
}
