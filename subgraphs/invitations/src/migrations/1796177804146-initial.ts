import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1796177804146 implements MigrationInterface {
  name = 'Initial1796177804146';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `outbox_event` (`sequence` int NOT NULL AUTO_INCREMENT, `eventId` varchar(36) NOT NULL, `type` varchar(100) NOT NULL, `payload` text NOT NULL, `occurredAt` datetime(3) NOT NULL, `publishedAt` datetime(3) NULL, INDEX `idx_outbox_unpublished` (`publishedAt`, `sequence`), UNIQUE INDEX `IDX_93aefe4a55983fc282dee9da20` (`eventId`), PRIMARY KEY (`sequence`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `processed_event` (`eventId` varchar(36) NOT NULL, `consumer` varchar(100) NOT NULL, `processedAt` datetime(3) NOT NULL, PRIMARY KEY (`eventId`, `consumer`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `invitation` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `email` varchar(254) NOT NULL, `roleId` varchar(36) NOT NULL, `spaceId` varchar(36) NULL, `invitedBy` varchar(36) NOT NULL, `tokenHash` varchar(64) NOT NULL, `status` varchar(10) NOT NULL, `sentAt` datetime(3) NOT NULL, `expiresAt` datetime(3) NOT NULL, `expiryDays` int NOT NULL, `createdAt` datetime(3) NOT NULL, INDEX `idx_invitation_email` (`organizationId`, `email`, `id`), INDEX `idx_invitation_expires` (`organizationId`, `expiresAt`, `id`), INDEX `idx_invitation_sent` (`organizationId`, `sentAt`, `id`), UNIQUE INDEX `uq_invitation_token` (`tokenHash`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `uq_invitation_token` ON `invitation`");
    await queryRunner.query("DROP INDEX `idx_invitation_sent` ON `invitation`");
    await queryRunner.query("DROP INDEX `idx_invitation_expires` ON `invitation`");
    await queryRunner.query("DROP INDEX `idx_invitation_email` ON `invitation`");
    await queryRunner.query("DROP TABLE `invitation`");
    await queryRunner.query("DROP TABLE `processed_event`");
    await queryRunner.query("DROP INDEX `IDX_93aefe4a55983fc282dee9da20` ON `outbox_event`");
    await queryRunner.query("DROP INDEX `idx_outbox_unpublished` ON `outbox_event`");
    await queryRunner.query("DROP TABLE `outbox_event`");
  }
}
