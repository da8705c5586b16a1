import { generateServiceKeyPair, keyVariablePrefix, signingServicesOf } from '@gatehouse/shared';
import { subgraphRegistry } from '../registry';

/**
 * Prints a fresh Ed25519 key pair for every signing service, as environment lines. The private
 * key (`*_SIGNING_KEY`) goes to that service only; the public one (`*_VERIFY_KEYS`) to the services
 * that accept its calls. To rotate, add the new public key before the old one (comma-separated).
 */
for (const service of signingServicesOf(subgraphRegistry)) {
  const { signingKey, verifyKey } = generateServiceKeyPair();
  const prefix = keyVariablePrefix(service);
  console.log(`${prefix}_SIGNING_KEY=${signingKey}`);
  console.log(`${prefix}_VERIFY_KEYS=${verifyKey}`);
}
