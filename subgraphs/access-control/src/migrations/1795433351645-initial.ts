import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795433351645 implements MigrationInterface {
  name = 'Initial1795433351645';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `outbox_event` (`sequence` int NOT NULL AUTO_INCREMENT, `eventId` varchar(36) NOT NULL, `type` varchar(100) NOT NULL, `payload` text NOT NULL, `occurredAt` datetime(3) NOT NULL, `publishedAt` datetime(3) NULL, INDEX `idx_outbox_unpublished` (`publishedAt`, `sequence`), UNIQUE INDEX `IDX_93aefe4a55983fc282dee9da20` (`eventId`), PRIMARY KEY (`sequence`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `processed_event` (`eventId` varchar(36) NOT NULL, `consumer` varchar(100) NOT NULL, `processedAt` datetime(3) NOT NULL, PRIMARY KEY (`eventId`, `consumer`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `member` (`organizationId` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `status` varchar(16) NOT NULL, `isFirstUser` tinyint NOT NULL DEFAULT 0, PRIMARY KEY (`organizationId`, `accountId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `organization_settings` (`organizationId` varchar(36) NOT NULL, `defaultRoleId` varchar(36) NOT NULL, PRIMARY KEY (`organizationId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `role_assignment` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `roleId` varchar(36) NOT NULL, `scope` varchar(80) NOT NULL DEFAULT 'organization', `assignedBy` varchar(36) NULL, `createdAt` datetime(3) NOT NULL, INDEX `idx_role_assignment_member` (`organizationId`, `accountId`), UNIQUE INDEX `uq_role_assignment` (`organizationId`, `accountId`, `roleId`, `scope`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `role` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `key` varchar(40) NULL, `name` varchar(100) NOT NULL, `description` varchar(500) NOT NULL DEFAULT '', `grants` text NOT NULL, `capabilities` text NOT NULL, `position` int NOT NULL DEFAULT '0', `createdAt` datetime(3) NOT NULL, UNIQUE INDEX `uq_role_org_key` (`organizationId`, `key`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `uq_role_org_key` ON `role`");
    await queryRunner.query("DROP TABLE `role`");
    await queryRunner.query("DROP INDEX `uq_role_assignment` ON `role_assignment`");
    await queryRunner.query("DROP INDEX `idx_role_assignment_member` ON `role_assignment`");
    await queryRunner.query("DROP TABLE `role_assignment`");
    await queryRunner.query("DROP TABLE `organization_settings`");
    await queryRunner.query("DROP TABLE `member`");
    await queryRunner.query("DROP TABLE `processed_event`");
    await queryRunner.query("DROP INDEX `IDX_93aefe4a55983fc282dee9da20` ON `outbox_event`");
    await queryRunner.query("DROP INDEX `idx_outbox_unpublished` ON `outbox_event`");
    await queryRunner.query("DROP TABLE `outbox_event`");
  }
}
