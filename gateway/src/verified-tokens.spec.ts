import { signAccessToken } from '@gatehouse/shared';
import { VerifiedTokens } from './verified-tokens';

const secret = 'a-test-secret-of-enough-length-0123456789';
const claims = { accountId: 'acc-1', organizationId: 'org-1', sessionFamilyId: 'sess-1' };

describe('VerifiedTokens', () => {
  it('gives a valid token\'s claims, and refuses it once it expires even though it was remembered', () => {
    let now = Date.now();
    const tokens = new VerifiedTokens(secret, () => now);
    const { token } = signAccessToken(claims, secret, 60);
    expect(tokens.verify(token)).toMatchObject(claims);
    expect(tokens.verify(token)).toMatchObject(claims);
    now += 61_000;
    expect(tokens.verify(token)).toBeNull();
  });

  it('refuses a forged, tampered or foreign-secret token, every time', () => {
    const tokens = new VerifiedTokens(secret);
    const { token } = signAccessToken(claims, secret, 60);
    const [head, body, signature] = token.split('.');
    const otherBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), sub: 'acc-2' })).toString('base64url');
    expect(tokens.verify(token)).not.toBeNull();
    for (let i = 0; i < 2; i += 1) {
      expect(tokens.verify(`${head}.${otherBody}.${signature}`)).toBeNull();
      expect(tokens.verify(signAccessToken(claims, 'another-secret-of-enough-length-9876543210', 60).token)).toBeNull();
      expect(tokens.verify('not.a.token')).toBeNull();
    }
  });
});
