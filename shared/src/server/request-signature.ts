import { KeyObject, createHash, randomUUID, sign, verify } from 'node:crypto';
import { ConfigError, GatehouseConfig } from '../config/config';
import { SigningService, keyVariablePrefix } from '../config/service-keys';
import { CLIENT_ADDRESS_HEADER, VIEWER_HEADER, VIEWER_SIGNATURE_HEADER, Viewer } from './viewer';

/**
 * What a signature binds besides the viewer and the client address: the subgraph it is for, and
 * the request itself. A captured signature is worth nothing on another subgraph, path, method or body.
 */
export interface SignedRequest {
  /** The subgraph the request is for (its name, e.g. `identity`). */
  audience: string;
  /** The HTTP method, or `WS-CONNECT` / `WS-VIEWER` for a subscription connection and its viewer updates. */
  method: string;
  /** The request target as the subgraph receives it: path and query string. */
  path: string;
  /** The exact bytes sent (empty when there is no body). */
  body: string | Uint8Array;
}

/** The parts of a signature header, read before the body (a stale or malformed one stops there). */
export interface SignatureHeader {
  signer: SigningService;
  timestamp: number;
  nonce: string;
  signature: Buffer;
  viewerPayload: string;
  clientAddress: string;
}

const emptyBodyDigest = createHash('sha256').update('').digest('base64url');

function bodyDigest(body: string | Uint8Array): string {
  return body.length === 0 ? emptyBodyDigest : createHash('sha256').update(body).digest('base64url');
}

/** The signed text: every field in a JSON array, so no value can pass for another. */
function signedText(signer: string, timestamp: number, nonce: string, request: SignedRequest, viewerPayload: string, clientAddress: string): Buffer {
  return Buffer.from(JSON.stringify(['gatehouse-request-v2', signer, request.audience, request.method.toUpperCase(), request.path, timestamp, nonce, bodyDigest(request.body), viewerPayload, clientAddress]));
}

/** The viewer as the header carries it. */
export function encodeViewer(viewer: Viewer): string {
  return Buffer.from(JSON.stringify(viewer)).toString('base64url');
}

/** Signs requests as one service with its private key (built once; Ed25519 signing is ~30 µs). */
export class RequestSigner {
  constructor(
    readonly service: SigningService,
    private readonly key: KeyObject,
  ) {}

  /** The headers (or graphql-ws connection parameters) that carry `viewer` for exactly this request. */
  sign(viewer: Viewer | string, request: SignedRequest, clientAddress = '', now = Date.now(), nonce: string = randomUUID()): Record<string, string> {
    const viewerPayload = typeof viewer === 'string' ? viewer : encodeViewer(viewer);
    const signature = sign(null, signedText(this.service, now, nonce, request, viewerPayload, clientAddress), this.key).toString('base64url');
    return {
      [VIEWER_HEADER]: viewerPayload,
      [VIEWER_SIGNATURE_HEADER]: `by=${this.service},t=${now},n=${nonce},sig=${signature}`,
      ...(clientAddress ? { [CLIENT_ADDRESS_HEADER]: clientAddress } : {}),
    };
  }
}

/** The signer of `service`, for a process that acts as it; a missing private key stops the start. */
export function requestSigner(config: Pick<GatehouseConfig, 'requestSigning'>, service: SigningService, requiredBy: string): RequestSigner {
  const key = config.requestSigning.signingKeys[service];
  if (!key) throw new ConfigError([`${keyVariablePrefix(service)}_SIGNING_KEY: required by ${requiredBy} (an Ed25519 private key; see .env.example)`]);
  return new RequestSigner(service, key);
}

const headerPattern = /^by=([a-z-]{1,40}),t=(\d{1,16}),n=([A-Za-z0-9_-]{16,64}),sig=([A-Za-z0-9_-]{86})$/;

/** The signature header's parts, or null when it is missing or malformed. */
export function readSignatureHeader(headers: Record<string, unknown>): SignatureHeader | null {
  const header = headers[VIEWER_SIGNATURE_HEADER];
  const viewerPayload = headers[VIEWER_HEADER];
  const clientAddress = headers[CLIENT_ADDRESS_HEADER] ?? '';
  if (typeof header !== 'string' || typeof viewerPayload !== 'string' || typeof clientAddress !== 'string') return null;
  const match = headerPattern.exec(header);
  // An unknown signer has no verify keys, so the gate refuses it.
  if (!match) return null;
  return { signer: match[1], timestamp: Number(match[2]), nonce: match[3], signature: Buffer.from(match[4], 'base64url'), viewerPayload, clientAddress };
}

/** True when the signature was made within `windowMs` of now, either way (clock skew). */
export function isFresh(header: SignatureHeader, windowMs: number, now = Date.now()): boolean {
  return Math.abs(now - header.timestamp) <= windowMs;
}

/**
 * The viewer when one of `keys` (the signer's current and previous public keys) signed exactly
 * `request`, else null. Time and nonce are the caller's to check.
 */
export function verifySignature(header: SignatureHeader, request: SignedRequest, keys: readonly KeyObject[]): Viewer | null {
  const text = signedText(header.signer, header.timestamp, header.nonce, request, header.viewerPayload, header.clientAddress);
  if (!keys.some((key) => verify(null, text, key, header.signature))) return null;
  try {
    return JSON.parse(Buffer.from(header.viewerPayload, 'base64url').toString('utf8')) as Viewer;
  } catch {
    return null;
  }
}
