import { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeys1795441882457 implements MigrationInterface {
  name = 'ApiKeys1795441882457';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `api_key` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `purpose` varchar(10) NOT NULL, `name` varchar(100) NOT NULL, `prefix` varchar(20) NOT NULL, `secretHash` varchar(64) NOT NULL, `grants` text NOT NULL, `createdBy` varchar(36) NULL, `createdAt` datetime(3) NOT NULL, `expiresAt` datetime(3) NULL, `lastUsedAt` datetime(3) NULL, `revokedAt` datetime(3) NULL, INDEX `idx_api_key_organization` (`organizationId`, `purpose`, `createdAt`), UNIQUE INDEX `IDX_b783aca587d2cfb4c54f2bb321` (`secretHash`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `IDX_b783aca587d2cfb4c54f2bb321` ON `api_key`");
    await queryRunner.query("DROP INDEX `idx_api_key_organization` ON `api_key`");
    await queryRunner.query("DROP TABLE `api_key`");
  }
}
