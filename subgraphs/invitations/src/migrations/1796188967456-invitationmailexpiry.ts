import { MigrationInterface, QueryRunner } from 'typeorm';

export class InvitationMailExpiry1796188967456 implements MigrationInterface {
  name = 'InvitationMailExpiry1796188967456';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `mail_message` (`id` varchar(36) NOT NULL, `recipient` varchar(320) NOT NULL, `subject` varchar(200) NOT NULL, `body` text NOT NULL, `createdAt` datetime(3) NOT NULL, `nextAttemptAt` datetime(3) NOT NULL, `attempts` int NOT NULL DEFAULT '0', `sentAt` datetime(3) NULL, `lastError` varchar(500) NULL, INDEX `idx_mail_pending` (`sentAt`, `nextAttemptAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("ALTER TABLE `invitation` ADD `expiryAnnouncedAt` datetime(3) NULL");
    await queryRunner.query("CREATE INDEX `idx_invitation_expiry_sweep` ON `invitation` (`expiryAnnouncedAt`, `status`, `expiresAt`)");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `idx_invitation_expiry_sweep` ON `invitation`");
    await queryRunner.query("ALTER TABLE `invitation` DROP COLUMN `expiryAnnouncedAt`");
    await queryRunner.query("DROP INDEX `idx_mail_pending` ON `mail_message`");
    await queryRunner.query("DROP TABLE `mail_message`");
  }
}
