import { MigrationInterface, QueryRunner } from 'typeorm';

export class DesignatedSuperAdmin1795436535740 implements MigrationInterface {
  name = 'DesignatedSuperAdmin1795436535740';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `organization_settings` ADD `designatedSuperAdminId` varchar(36) NULL");
    // Reviewed: until designation existed the first user was every organization's designated Super Admin.
    await queryRunner.query("UPDATE `organization_settings` s SET s.`designatedSuperAdminId` = (SELECT m.`accountId` FROM `member` m WHERE m.`organizationId` = s.`organizationId` AND m.`isFirstUser` = 1 LIMIT 1)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `organization_settings` DROP COLUMN `designatedSuperAdminId`");
  }
}
