import { MigrationInterface, QueryRunner } from 'typeorm';

export class InquiriesInitial1796309300756 implements MigrationInterface {
  name = 'InquiriesInitial1796309300756';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `outbox_event` (`sequence` int NOT NULL AUTO_INCREMENT, `eventId` varchar(36) NOT NULL, `type` varchar(100) NOT NULL, `payload` text NOT NULL, `occurredAt` datetime(3) NOT NULL, `publishedAt` datetime(3) NULL, INDEX `idx_outbox_unpublished` (`publishedAt`, `sequence`), UNIQUE INDEX `IDX_93aefe4a55983fc282dee9da20` (`eventId`), PRIMARY KEY (`sequence`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `processed_event` (`eventId` varchar(36) NOT NULL, `consumer` varchar(100) NOT NULL, `processedAt` datetime(3) NOT NULL, PRIMARY KEY (`eventId`, `consumer`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `mail_message` (`id` varchar(36) NOT NULL, `recipient` varchar(320) NOT NULL, `subject` varchar(200) NOT NULL, `body` text NOT NULL, `createdAt` datetime(3) NOT NULL, `nextAttemptAt` datetime(3) NOT NULL, `attempts` int NOT NULL DEFAULT '0', `sentAt` datetime(3) NULL, `lastError` varchar(500) NULL, INDEX `idx_mail_pending` (`sentAt`, `nextAttemptAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `inquiry` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `authorId` varchar(36) NOT NULL, `type` varchar(32) NOT NULL, `subtype` varchar(32) NOT NULL, `title` varchar(200) NOT NULL, `message` text NOT NULL, `status` varchar(12) NOT NULL, `rank` varchar(128) NOT NULL, `assigneeId` varchar(36) NULL, `requestedDailyTokens` bigint NULL, `requestedRoleId` varchar(36) NULL, `requestedSpaceId` varchar(36) NULL, `requestedGroupId` varchar(36) NULL, `requestAppliedAt` datetime(3) NULL, `requestAppliedBy` varchar(36) NULL, `requestClaimedAt` datetime(3) NULL, `createdAt` datetime(3) NOT NULL, `updatedAt` datetime(3) NOT NULL, `replyCount` int NOT NULL DEFAULT '0', `noteCount` int NOT NULL DEFAULT '0', INDEX `idx_inquiry_assignee` (`organizationId`, `assigneeId`), INDEX `idx_inquiry_author` (`organizationId`, `authorId`, `createdAt`), INDEX `idx_inquiry_updated` (`organizationId`, `updatedAt`, `id`), INDEX `idx_inquiry_created` (`organizationId`, `createdAt`, `id`), INDEX `idx_inquiry_column` (`organizationId`, `status`, `rank`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `inquiry_board_lock` (`organizationId` varchar(36) NOT NULL, PRIMARY KEY (`organizationId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `inquiry_mail_preference` (`organizationId` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `newInquiries` tinyint NOT NULL, PRIMARY KEY (`organizationId`, `accountId`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `inquiry_reply` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `inquiryId` varchar(36) NOT NULL, `authorId` varchar(36) NULL, `authorPseudonym` varchar(64) NULL, `fromAdmin` tinyint NOT NULL, `internal` tinyint NOT NULL, `body` text NOT NULL, `createdAt` datetime(3) NOT NULL, INDEX `idx_inquiry_reply_author` (`organizationId`, `authorId`), INDEX `idx_inquiry_reply_thread` (`inquiryId`, `createdAt`, `id`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `idx_inquiry_reply_thread` ON `inquiry_reply`");
    await queryRunner.query("DROP INDEX `idx_inquiry_reply_author` ON `inquiry_reply`");
    await queryRunner.query("DROP TABLE `inquiry_reply`");
    await queryRunner.query("DROP TABLE `inquiry_mail_preference`");
    await queryRunner.query("DROP TABLE `inquiry_board_lock`");
    await queryRunner.query("DROP INDEX `idx_inquiry_column` ON `inquiry`");
    await queryRunner.query("DROP INDEX `idx_inquiry_created` ON `inquiry`");
    await queryRunner.query("DROP INDEX `idx_inquiry_updated` ON `inquiry`");
    await queryRunner.query("DROP INDEX `idx_inquiry_author` ON `inquiry`");
    await queryRunner.query("DROP INDEX `idx_inquiry_assignee` ON `inquiry`");
    await queryRunner.query("DROP TABLE `inquiry`");
    await queryRunner.query("DROP INDEX `idx_mail_pending` ON `mail_message`");
    await queryRunner.query("DROP TABLE `mail_message`");
    await queryRunner.query("DROP TABLE `processed_event`");
    await queryRunner.query("DROP INDEX `IDX_93aefe4a55983fc282dee9da20` ON `outbox_event`");
    await queryRunner.query("DROP INDEX `idx_outbox_unpublished` ON `outbox_event`");
    await queryRunner.query("DROP TABLE `outbox_event`");
  }
}
