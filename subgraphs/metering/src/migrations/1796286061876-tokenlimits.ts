import { MigrationInterface, QueryRunner } from 'typeorm';

export class TokenLimits1796286061876 implements MigrationInterface {
  name = 'TokenLimits1796286061876';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `token_hold` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `requestId` varchar(128) NOT NULL, `userId` varchar(36) NULL, `model` varchar(128) NOT NULL, `tokens` bigint NOT NULL DEFAULT '0', `createdAt` datetime(3) NOT NULL, `expiresAt` datetime(3) NOT NULL, `settledAt` datetime(3) NULL, `settledEventId` varchar(128) NULL, INDEX `idx_token_hold_open` (`organizationId`, `userId`, `expiresAt`), UNIQUE INDEX `idx_token_hold_request` (`organizationId`, `requestId`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `token_budget_lock` (`organizationId` varchar(36) NOT NULL, `userId` varchar(36) NOT NULL, PRIMARY KEY (`organizationId`, `userId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `token_limit` (`organizationId` varchar(36) NOT NULL, `level` varchar(16) NOT NULL, `targetId` varchar(64) NOT NULL, `model` varchar(128) NOT NULL, `dailyTokens` bigint NOT NULL DEFAULT '0', `setBy` varchar(36) NULL, `setAt` datetime(3) NOT NULL, PRIMARY KEY (`organizationId`, `level`, `targetId`, `model`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `token_limit_alert` (`organizationId` varchar(36) NOT NULL, `userId` varchar(36) NOT NULL, `date` varchar(10) NOT NULL, `model` varchar(128) NOT NULL, `percent` int NOT NULL, `sentAt` datetime(3) NOT NULL, PRIMARY KEY (`organizationId`, `userId`, `date`, `model`, `percent`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE INDEX `idx_usage_quarter_user` ON `usage_quarter_hourly` (`organizationId`, `userId`, `bucket`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `idx_usage_quarter_user` ON `usage_quarter_hourly`");
    await queryRunner.query("DROP TABLE `token_limit_alert`");
    await queryRunner.query("DROP TABLE `token_limit`");
    await queryRunner.query("DROP TABLE `token_budget_lock`");
    await queryRunner.query("DROP INDEX `idx_token_hold_request` ON `token_hold`");
    await queryRunner.query("DROP INDEX `idx_token_hold_open` ON `token_hold`");
    await queryRunner.query("DROP TABLE `token_hold`");
  }
}
