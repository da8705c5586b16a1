import { MigrationInterface, QueryRunner } from 'typeorm';

export class GroupsProfiles1795443687726 implements MigrationInterface {
  name = 'GroupsProfiles1795443687726';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `member_group` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `name` varchar(100) NOT NULL, `description` varchar(500) NOT NULL DEFAULT '', `grants` text NOT NULL, `capabilities` text NOT NULL, `createdAt` datetime(3) NOT NULL, INDEX `idx_member_group_organization` (`organizationId`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `group_member` (`groupId` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `createdAt` datetime(3) NOT NULL, INDEX `idx_group_member_account` (`organizationId`, `accountId`), PRIMARY KEY (`groupId`, `accountId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `group_unit_link` (`groupId` varchar(36) NOT NULL, `unitId` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, INDEX `idx_group_unit_link_organization` (`organizationId`, `unitId`), PRIMARY KEY (`groupId`, `unitId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `profile` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `name` varchar(100) NOT NULL, `description` varchar(500) NOT NULL DEFAULT '', `createdAt` datetime(3) NOT NULL, INDEX `idx_profile_organization` (`organizationId`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `profile_role` (`profileId` varchar(36) NOT NULL, `roleId` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, PRIMARY KEY (`profileId`, `roleId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `profile_assignment` (`profileId` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `assignedBy` varchar(36) NULL, `createdAt` datetime(3) NOT NULL, INDEX `idx_profile_assignment_member` (`organizationId`, `accountId`), PRIMARY KEY (`profileId`, `accountId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `unit_projection` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `parentId` varchar(36) NULL, INDEX `idx_unit_projection_organization` (`organizationId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `unit_member_projection` (`unitId` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, INDEX `idx_unit_member_projection_account` (`organizationId`, `accountId`), PRIMARY KEY (`unitId`, `accountId`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `organization_settings` ADD `defaultPermissions` text NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE `organization_settings` DROP COLUMN `defaultPermissions`");
    await queryRunner.query("DROP INDEX `idx_unit_member_projection_account` ON `unit_member_projection`");
    await queryRunner.query("DROP TABLE `unit_member_projection`");
    await queryRunner.query("DROP INDEX `idx_unit_projection_organization` ON `unit_projection`");
    await queryRunner.query("DROP TABLE `unit_projection`");
    await queryRunner.query("DROP INDEX `idx_profile_assignment_member` ON `profile_assignment`");
    await queryRunner.query("DROP TABLE `profile_assignment`");
    await queryRunner.query("DROP TABLE `profile_role`");
    await queryRunner.query("DROP INDEX `idx_profile_organization` ON `profile`");
    await queryRunner.query("DROP TABLE `profile`");
    await queryRunner.query("DROP INDEX `idx_group_unit_link_organization` ON `group_unit_link`");
    await queryRunner.query("DROP TABLE `group_unit_link`");
    await queryRunner.query("DROP INDEX `idx_group_member_account` ON `group_member`");
    await queryRunner.query("DROP TABLE `group_member`");
    await queryRunner.query("DROP INDEX `idx_member_group_organization` ON `member_group`");
    await queryRunner.query("DROP TABLE `member_group`");
  }
}
