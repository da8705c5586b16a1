import { noPermissions } from '../authz/effective-permissions';
import { generateServiceKeyPair, parsePrivateKey, parsePublicKey } from '../config/service-keys';
import { RequestSigner, SignedRequest, isFresh, readSignatureHeader, verifySignature } from './request-signature';
import { VIEWER_HEADER, Viewer } from './viewer';

const pair = generateServiceKeyPair();
const signer = new RequestSigner('gateway', parsePrivateKey(pair.signingKey)!);
const keys = [parsePublicKey(pair.verifyKey)!];
const viewer: Viewer = { kind: 'member', accountId: 'acc', organizationId: 'org', sessionId: 's', membershipStatus: 'ACTIVE', permissions: noPermissions };
const request: SignedRequest = { audience: 'identity', method: 'POST', path: '/graphql', body: '{"query":"{ users { totalCount } }"}' };

describe('request signatures', () => {
  it('a signed request verifies back to its viewer, signer and client address', () => {
    const header = readSignatureHeader(signer.sign(viewer, request, '10.0.0.7'))!;
    expect(header).toMatchObject({ signer: 'gateway', clientAddress: '10.0.0.7' });
    expect(verifySignature(header, request, keys)).toEqual(viewer);
  });

  it.each([
    ['another audience', { audience: 'access-control' }],
    ['another method', { method: 'GET' }],
    ['another path', { path: '/graphql?x=1' }],
    ['another body', { body: '{"query":"{ users { edges { node { email } } } }"}' }],
  ])('the signature does not hold for %s', (_name, change) => {
    const header = readSignatureHeader(signer.sign(viewer, request))!;
    expect(verifySignature(header, { ...request, ...change }, keys)).toBeNull();
  });

  it('another key, a changed viewer, client address or nonce, or a missing header fail', () => {
    const headers = signer.sign(viewer, request, '10.0.0.7');
    expect(verifySignature(readSignatureHeader(headers)!, request, [parsePublicKey(generateServiceKeyPair().verifyKey)!])).toBeNull();
    const system = Buffer.from(JSON.stringify({ kind: 'system', service: 'gateway' })).toString('base64url');
    expect(verifySignature(readSignatureHeader({ ...headers, [VIEWER_HEADER]: system })!, request, keys)).toBeNull();
    expect(verifySignature({ ...readSignatureHeader(headers)!, clientAddress: '10.0.0.8' }, request, keys)).toBeNull();
    expect(verifySignature({ ...readSignatureHeader(headers)!, nonce: 'another-nonce-1234567' }, request, keys)).toBeNull();
    expect(readSignatureHeader({ [VIEWER_HEADER]: headers[VIEWER_HEADER] })).toBeNull();
  });

  it('any listed key verifies (a rotation lists the previous one too)', () => {
    const header = readSignatureHeader(signer.sign(viewer, request))!;
    expect(verifySignature(header, request, [parsePublicKey(generateServiceKeyPair().verifyKey)!, ...keys])).toEqual(viewer);
  });

  it('a signature is fresh within the window either way, and stale beyond it', () => {
    const now = Date.now();
    const at = (offset: number) => readSignatureHeader(signer.sign(viewer, request, '', now + offset))!;
    expect([isFresh(at(-5000), 5000, now), isFresh(at(4000), 5000, now), isFresh(at(-5001), 5000, now), isFresh(at(5001), 5000, now)]).toEqual([true, true, false, false]);
  });
});
