import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccessLists1795444090020 implements MigrationInterface {
  name = 'AccessLists1795444090020';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `resource_access` (`organizationId` varchar(36) NOT NULL, `resourceType` varchar(40) NOT NULL, `resourceId` varchar(100) NOT NULL, `visibility` varchar(10) NOT NULL, `updatedBy` varchar(36) NULL, `updatedAt` datetime(3) NOT NULL, PRIMARY KEY (`organizationId`, `resourceType`, `resourceId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `resource_access_entry` (`organizationId` varchar(36) NOT NULL, `resourceType` varchar(40) NOT NULL, `resourceId` varchar(100) NOT NULL, `principalType` varchar(10) NOT NULL, `principalId` varchar(36) NOT NULL, `level` varchar(10) NOT NULL, PRIMARY KEY (`organizationId`, `resourceType`, `resourceId`, `principalType`, `principalId`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `organization_settings` ADD `catalogueVersion` int NOT NULL DEFAULT '1'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `organization_settings` DROP COLUMN `catalogueVersion`");
    await queryRunner.query("DROP TABLE `resource_access_entry`");
    await queryRunner.query("DROP TABLE `resource_access`");
  }
}
