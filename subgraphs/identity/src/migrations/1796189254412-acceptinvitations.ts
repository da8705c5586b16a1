import { MigrationInterface, QueryRunner } from 'typeorm';

export class AcceptInvitations1796189254412 implements MigrationInterface {
  name = 'AcceptInvitations1796189254412';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `invitation_acceptance` (`invitationId` varchar(36) NOT NULL, `organizationId` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `createdAccount` tinyint NOT NULL, `acceptedAt` datetime(3) NOT NULL, PRIMARY KEY (`invitationId`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE `invitation_acceptance`");
  }
}
