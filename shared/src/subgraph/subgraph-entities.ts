import { MailMessage } from '../mail/mail-message.entity';
import { SubgraphDefinition } from './subgraph-descriptor';

/**
 * The entities of a subgraph's database besides the outbox's (openDataSource adds those): its own,
 * and the mail table when it sends mail. The app and the migration scripts both read it, so the
 * committed migrations are checked against the tables the app really has.
 */
export function subgraphEntities(definition: SubgraphDefinition): SubgraphDefinition['entities'] {
  return [...(definition.entities as unknown[]), ...(definition.sendsMail ? [MailMessage] : [])] as SubgraphDefinition['entities'];
}
