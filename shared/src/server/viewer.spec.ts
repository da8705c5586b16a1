import { noPermissions } from '../authz/effective-permissions';
import { Viewer, VIEWER_HEADER, signViewer, verifyViewer } from './viewer';

const secret = 'a'.repeat(32);
const viewer: Viewer = { kind: 'member', accountId: 'acc', organizationId: 'org', sessionId: 's', membershipStatus: 'ACTIVE', permissions: noPermissions };

describe('viewer signature', () => {
  it('a signed viewer verifies back to itself', () => {
    expect(verifyViewer(signViewer(viewer, secret), secret)).toEqual(viewer);
  });

  it('another secret, a changed payload, a missing header or an old signature fail', () => {
    const headers = signViewer(viewer, secret);
    expect(verifyViewer(headers, 'b'.repeat(32))).toBeNull();
    expect(verifyViewer({ ...headers, [VIEWER_HEADER]: Buffer.from(JSON.stringify({ kind: 'system', service: 'x' })).toString('base64url') }, secret)).toBeNull();
    expect(verifyViewer({ [VIEWER_HEADER]: headers[VIEWER_HEADER] }, secret)).toBeNull();
    expect(verifyViewer(signViewer(viewer, secret, Date.now() - 61_000), secret)).toBeNull();
    expect(verifyViewer(signViewer(viewer, secret, Date.now() - 30_000), secret)).toEqual(viewer);
  });
});
