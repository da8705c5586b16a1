import { MigrationInterface, QueryRunner } from 'typeorm';

export class Directory1795442240458 implements MigrationInterface {
  name = 'Directory1795442240458';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `unit_membership` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `unitId` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `managedBy` varchar(10) NOT NULL, `createdAt` datetime(3) NOT NULL, INDEX `idx_unit_membership_account` (`organizationId`, `accountId`), UNIQUE INDEX `uq_unit_membership` (`unitId`, `accountId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `directory_snapshot` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `source` varchar(20) NOT NULL, `syncedAt` datetime(3) NOT NULL, UNIQUE INDEX `uq_directory_snapshot` (`organizationId`, `source`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `directory_snapshot_chunk` (`snapshotId` varchar(36) NOT NULL, `position` int NOT NULL, `data` text NOT NULL, PRIMARY KEY (`snapshotId`, `position`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `org_unit` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `name` varchar(200) NOT NULL, `parentId` varchar(36) NULL, `externalId` varchar(255) NULL, `source` varchar(20) NOT NULL, `createdAt` datetime(3) NOT NULL, INDEX `idx_org_unit_parent` (`organizationId`, `parentId`), UNIQUE INDEX `uq_org_unit_external` (`organizationId`, `source`, `externalId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `uq_org_unit_external` ON `org_unit`");
    await queryRunner.query("DROP INDEX `idx_org_unit_parent` ON `org_unit`");
    await queryRunner.query("DROP TABLE `org_unit`");
    await queryRunner.query("DROP TABLE `directory_snapshot_chunk`");
    await queryRunner.query("DROP INDEX `uq_directory_snapshot` ON `directory_snapshot`");
    await queryRunner.query("DROP TABLE `directory_snapshot`");
    await queryRunner.query("DROP INDEX `uq_unit_membership` ON `unit_membership`");
    await queryRunner.query("DROP INDEX `idx_unit_membership_account` ON `unit_membership`");
    await queryRunner.query("DROP TABLE `unit_membership`");
  }
}
