import { MigrationInterface, QueryRunner } from 'typeorm';

export class Spaces1795442026239 implements MigrationInterface {
  name = 'Spaces1795442026239';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `space` (`id` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `name` varchar(100) NOT NULL, `nameNormalized` varchar(100) NOT NULL, `description` varchar(500) NOT NULL DEFAULT '', `createdBy` varchar(36) NULL, `createdAt` datetime(3) NOT NULL, `archivedAt` datetime(3) NULL, INDEX `idx_space_organization` (`organizationId`, `archivedAt`, `nameNormalized`), UNIQUE INDEX `uq_space_name` (`organizationId`, `nameNormalized`), PRIMARY KEY (`id`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX `uq_space_name` ON `space`");
    await queryRunner.query("DROP INDEX `idx_space_organization` ON `space`");
    await queryRunner.query("DROP TABLE `space`");
  }
}
