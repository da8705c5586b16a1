import { MigrationInterface, QueryRunner } from 'typeorm';

export class LoginThrottle1795434919972 implements MigrationInterface {
  name = 'LoginThrottle1795434919972';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE `login_throttle` (`subject` varchar(120) NOT NULL, `failures` int NOT NULL DEFAULT '0', `lockedUntil` datetime(3) NULL, PRIMARY KEY (`subject`)) ENGINE=InnoDB");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE `login_throttle`");
  }
}
