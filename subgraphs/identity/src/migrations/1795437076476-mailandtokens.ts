import { MigrationInterface, QueryRunner } from 'typeorm';

export class MailAndTokens1795437076476 implements MigrationInterface {
  name = 'MailAndTokens1795437076476';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `mail_message` (`id` varchar(36) NOT NULL, `recipient` varchar(320) NOT NULL, `subject` varchar(200) NOT NULL, `body` text NOT NULL, `createdAt` datetime(3) NOT NULL, `nextAttemptAt` datetime(3) NOT NULL, `attempts` int NOT NULL DEFAULT '0', `sentAt` datetime(3) NULL, `lastError` varchar(500) NULL, INDEX `idx_mail_pending` (`sentAt`, `nextAttemptAt`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
    await queryRunner.query("CREATE TABLE `one_time_token` (`id` varchar(36) NOT NULL, `purpose` varchar(30) NOT NULL, `accountId` varchar(36) NOT NULL, `email` varchar(320) NOT NULL, `tokenHash` varchar(64) NOT NULL, `expiresAt` datetime(3) NOT NULL, `usedAt` datetime(3) NULL, INDEX `idx_token_account` (`accountId`, `purpose`), UNIQUE INDEX `IDX_ce784511f648d2975abe8828a7` (`tokenHash`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_ce784511f648d2975abe8828a7` ON `one_time_token`");
    await queryRunner.query("DROP INDEX `idx_token_account` ON `one_time_token`");
    await queryRunner.query("DROP TABLE `one_time_token`");
    await queryRunner.query("DROP INDEX `idx_mail_pending` ON `mail_message`");
    await queryRunner.query("DROP TABLE `mail_message`");
  }
}
