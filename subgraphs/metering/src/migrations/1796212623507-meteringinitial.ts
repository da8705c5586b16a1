import { MigrationInterface, QueryRunner } from 'typeorm';

export class MeteringInitial1796212623507 implements MigrationInterface {
  name = 'MeteringInitial1796212623507';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `outbox_event` (`sequence` int NOT NULL AUTO_INCREMENT, `eventId` varchar(36) NOT NULL, `type` varchar(100) NOT NULL, `payload` text NOT NULL, `occurredAt` datetime(3) NOT NULL, `publishedAt` datetime(3) NULL, INDEX `idx_outbox_unpublished` (`publishedAt`, `sequence`), UNIQUE INDEX `IDX_93aefe4a55983fc282dee9da20` (`eventId`), PRIMARY KEY (`sequence`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `processed_event` (`eventId` varchar(36) NOT NULL, `consumer` varchar(100) NOT NULL, `processedAt` datetime(3) NOT NULL, PRIMARY KEY (`eventId`, `consumer`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `compute_type` (`key` varchar(32) NOT NULL, `name` varchar(64) NOT NULL, `color` varchar(7) NOT NULL, `position` int NOT NULL, PRIMARY KEY (`key`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `usage_settings` (`organizationId` varchar(36) NOT NULL, `timeZone` varchar(64) NOT NULL, PRIMARY KEY (`organizationId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `usage_agent` (`organizationId` varchar(36) NOT NULL, `agentId` varchar(128) NOT NULL, `name` varchar(200) NOT NULL, `namedAt` datetime(3) NOT NULL, PRIMARY KEY (`organizationId`, `agentId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `usage_hourly` (`organizationId` varchar(36) NOT NULL, `bucket` int NOT NULL, `computeType` varchar(32) NOT NULL, `spaceId` varchar(36) NOT NULL, `agentId` varchar(128) NOT NULL, `userId` varchar(36) NOT NULL, `provider` varchar(64) NOT NULL, `model` varchar(128) NOT NULL, `costMicroUsd` bigint NOT NULL DEFAULT '0', `inputTokens` bigint NOT NULL DEFAULT '0', `outputTokens` bigint NOT NULL DEFAULT '0', `cachedTokens` bigint NOT NULL DEFAULT '0', `events` bigint NOT NULL DEFAULT '0', INDEX `idx_usage_hourly_range` (`organizationId`, `bucket`), PRIMARY KEY (`organizationId`, `bucket`, `computeType`, `spaceId`, `agentId`, `userId`, `provider`, `model`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `usage_quarter_hourly` (`organizationId` varchar(36) NOT NULL, `bucket` int NOT NULL, `computeType` varchar(32) NOT NULL, `spaceId` varchar(36) NOT NULL, `agentId` varchar(128) NOT NULL, `userId` varchar(36) NOT NULL, `provider` varchar(64) NOT NULL, `model` varchar(128) NOT NULL, `costMicroUsd` bigint NOT NULL DEFAULT '0', `inputTokens` bigint NOT NULL DEFAULT '0', `outputTokens` bigint NOT NULL DEFAULT '0', `cachedTokens` bigint NOT NULL DEFAULT '0', `events` bigint NOT NULL DEFAULT '0', INDEX `idx_usage_quarter_range` (`organizationId`, `bucket`), PRIMARY KEY (`organizationId`, `bucket`, `computeType`, `spaceId`, `agentId`, `userId`, `provider`, `model`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `model_price` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `provider` varchar(64) NOT NULL, `model` varchar(128) NOT NULL, `inputMicroUsdPerMillion` bigint NOT NULL DEFAULT '0', `outputMicroUsdPerMillion` bigint NOT NULL DEFAULT '0', `cachedMicroUsdPerMillion` bigint NOT NULL DEFAULT '0', `effectiveFrom` datetime(3) NOT NULL, `setBy` varchar(36) NULL, `createdAt` datetime(3) NOT NULL, INDEX `idx_model_price_lookup` (`organizationId`, `provider`, `model`, `effectiveFrom`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `usage_event_key` (`organizationId` varchar(36) NOT NULL, `eventId` varchar(128) NOT NULL, `contentHash` varchar(64) NOT NULL, `occurredAt` datetime(3) NOT NULL, PRIMARY KEY (`organizationId`, `eventId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `usage_event` (`id` varchar(36) NOT NULL, `occurredAt` datetime(3) NOT NULL, `organizationId` varchar(36) NOT NULL, `eventId` varchar(128) NOT NULL, `computeType` varchar(32) NOT NULL, `userId` varchar(36) NULL, `spaceId` varchar(36) NULL, `agentId` varchar(128) NULL, `agentName` varchar(200) NULL, `provider` varchar(64) NULL, `model` varchar(128) NULL, `inputTokens` bigint NOT NULL DEFAULT '0', `outputTokens` bigint NOT NULL DEFAULT '0', `cachedTokens` bigint NOT NULL DEFAULT '0', `costMicroUsd` bigint NOT NULL DEFAULT '0', `priceId` varchar(36) NULL, `reportedBy` varchar(36) NOT NULL, `recordedAt` datetime(3) NOT NULL, INDEX `idx_usage_event_user` (`organizationId`, `userId`), INDEX `idx_usage_event_time` (`organizationId`, `occurredAt`, `id`), PRIMARY KEY (`id`, `occurredAt`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `idx_usage_event_time` ON `usage_event`");
    await queryRunner.query("DROP INDEX `idx_usage_event_user` ON `usage_event`");
    await queryRunner.query("DROP TABLE `usage_event`");
    await queryRunner.query("DROP TABLE `usage_event_key`");
    await queryRunner.query("DROP INDEX `idx_model_price_lookup` ON `model_price`");
    await queryRunner.query("DROP TABLE `model_price`");
    await queryRunner.query("DROP INDEX `idx_usage_quarter_range` ON `usage_quarter_hourly`");
    await queryRunner.query("DROP TABLE `usage_quarter_hourly`");
    await queryRunner.query("DROP INDEX `idx_usage_hourly_range` ON `usage_hourly`");
    await queryRunner.query("DROP TABLE `usage_hourly`");
    await queryRunner.query("DROP TABLE `usage_agent`");
    await queryRunner.query("DROP TABLE `usage_settings`");
    await queryRunner.query("DROP TABLE `compute_type`");
    await queryRunner.query("DROP TABLE `processed_event`");
    await queryRunner.query("DROP INDEX `IDX_93aefe4a55983fc282dee9da20` ON `outbox_event`");
    await queryRunner.query("DROP INDEX `idx_outbox_unpublished` ON `outbox_event`");
    await queryRunner.query("DROP TABLE `outbox_event`");
  }
}
