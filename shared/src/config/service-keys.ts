import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';

/**
 * The services that sign requests to subgraphs, each with an Ed25519 key pair of its own: the
 * gateway (every viewer a subgraph serves) and each subgraph that calls another's internal routes
 * (`signingServicesOf` in environment.ts lists them).
 * A subgraph that only verifies holds public keys, so it cannot sign for anyone.
 */
export type SigningService = string;

/** The environment variable prefix of a signing service's keys: GATEWAY_SIGNING_KEY, IDENTITY_VERIFY_KEYS. */
export function keyVariablePrefix(service: SigningService): string {
  return service.toUpperCase().replace(/-/g, '_');
}

/** DER keys travel as base64 (or base64url) in one line; PEM is accepted as well. */
function keyInput(text: string, type: 'pkcs8' | 'spki'): Parameters<typeof createPublicKey>[0] {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return { key: trimmed.replace(/\\n/g, '\n'), format: 'pem' };
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new Error('not base64 or PEM');
  return { key: Buffer.from(trimmed, 'base64'), format: 'der', type } as Parameters<typeof createPublicKey>[0];
}

/** An Ed25519 private key from its PKCS#8 text, or null when it is not one. */
export function parsePrivateKey(text: string): KeyObject | null {
  try {
    const key = createPrivateKey(keyInput(text, 'pkcs8') as Parameters<typeof createPrivateKey>[0]);
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/** An Ed25519 public key from its SPKI text, or null when it is not one. */
export function parsePublicKey(text: string): KeyObject | null {
  try {
    const key = createPublicKey(keyInput(text, 'spki'));
    return key.asymmetricKeyType === 'ed25519' && key.type === 'public' ? key : null;
  } catch {
    return null;
  }
}

/** A key as the one-line text the environment carries (base64url of its DER). */
export function encodeKey(key: KeyObject): string {
  return key.type === 'private'
    ? key.export({ format: 'der', type: 'pkcs8' }).toString('base64url')
    : key.export({ format: 'der', type: 'spki' }).toString('base64url');
}

/** A fresh key pair as environment text: what `generate-keys` prints and embedded mode stores. */
export function generateServiceKeyPair(): { signingKey: string; verifyKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { signingKey: encodeKey(privateKey), verifyKey: encodeKey(publicKey) };
}

/** True when `publicKey` is the public half of `privateKey`. */
export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  return encodeKey(a.type === 'private' ? createPublicKey(a) : a) === encodeKey(b.type === 'private' ? createPublicKey(b) : b);
}
