import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795433351612 implements MigrationInterface {
  name = 'Initial1795433351612';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `outbox_event` (`sequence` int NOT NULL AUTO_INCREMENT, `eventId` varchar(36) NOT NULL, `type` varchar(100) NOT NULL, `payload` text NOT NULL, `occurredAt` datetime(3) NOT NULL, `publishedAt` datetime(3) NULL, INDEX `idx_outbox_unpublished` (`publishedAt`, `sequence`), UNIQUE INDEX `IDX_93aefe4a55983fc282dee9da20` (`eventId`), PRIMARY KEY (`sequence`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `processed_event` (`eventId` varchar(36) NOT NULL, `consumer` varchar(100) NOT NULL, `processedAt` datetime(3) NOT NULL, PRIMARY KEY (`eventId`, `consumer`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `account` (`id` varchar(36) NOT NULL, `email` varchar(320) NOT NULL, `emailNormalized` varchar(320) NOT NULL, `name` varchar(100) NOT NULL, `lastName` varchar(100) NOT NULL DEFAULT '', `sortName` varchar(201) NOT NULL, `passwordHash` varchar(255) NOT NULL, `emailConfirmed` tinyint NOT NULL DEFAULT 0, `createdAt` datetime(3) NOT NULL, `lastActivityAt` datetime(3) NOT NULL, INDEX `idx_account_sort_name` (`sortName`), INDEX `idx_account_last_activity` (`lastActivityAt`), UNIQUE INDEX `IDX_697c818ccc91797a9ff1ce7c51` (`emailNormalized`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `installation` (`id` int NOT NULL, `primaryOrganizationId` varchar(36) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `membership` (`id` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `status` varchar(16) NOT NULL, `createdAt` datetime(3) NOT NULL, INDEX `idx_membership_org_joined` (`organizationId`, `createdAt`), UNIQUE INDEX `uq_membership_account_org` (`accountId`, `organizationId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `organization` (`id` varchar(36) NOT NULL, `name` varchar(200) NOT NULL, `firstAccountId` varchar(36) NOT NULL, `designatedSuperAdminId` varchar(36) NOT NULL, `createdAt` datetime(3) NOT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `session` (`id` varchar(36) NOT NULL, `familyId` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `refreshTokenHash` varchar(64) NOT NULL, `expiresAt` datetime(3) NOT NULL, `revokedAt` datetime(3) NULL, `createdAt` datetime(3) NOT NULL, INDEX `idx_session_family` (`familyId`), UNIQUE INDEX `IDX_ff3907da35cc76361715c820ca` (`refreshTokenHash`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_ff3907da35cc76361715c820ca` ON `session`");
    await queryRunner.query("DROP INDEX `idx_session_family` ON `session`");
    await queryRunner.query("DROP TABLE `session`");
    await queryRunner.query("DROP TABLE `organization`");
    await queryRunner.query("DROP INDEX `uq_membership_account_org` ON `membership`");
    await queryRunner.query("DROP INDEX `idx_membership_org_joined` ON `membership`");
    await queryRunner.query("DROP TABLE `membership`");
    await queryRunner.query("DROP TABLE `installation`");
    await queryRunner.query("DROP INDEX `IDX_697c818ccc91797a9ff1ce7c51` ON `account`");
    await queryRunner.query("DROP INDEX `idx_account_last_activity` ON `account`");
    await queryRunner.query("DROP INDEX `idx_account_sort_name` ON `account`");
    await queryRunner.query("DROP TABLE `account`");
    await queryRunner.query("DROP TABLE `processed_event`");
    await queryRunner.query("DROP INDEX `IDX_93aefe4a55983fc282dee9da20` ON `outbox_event`");
    await queryRunner.query("DROP INDEX `idx_outbox_unpublished` ON `outbox_event`");
    await queryRunner.query("DROP TABLE `outbox_event`");
  }
}
