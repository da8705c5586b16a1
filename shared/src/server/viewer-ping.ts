import { Viewer } from './viewer';
import { LiveContext, VIEWER_UPDATE_KEY, adoptViewer } from './live-viewer';

/** A graphql-ws connection from the gateway: its current viewer and its running subscriptions. */
export interface LiveConnection {
  viewer?: Viewer;
  requestId?: string;
  clientAddress?: string;
  live?: Map<string, { context: LiveContext; listeners: Set<(viewer: Viewer) => void> }>;
}

/** The signed viewer a graphql-ws ping from the gateway carries, if it is one. */
export function viewerUpdateIn(message: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(message) as { type?: string; payload?: Record<string, unknown> };
    const signed = parsed.type === 'ping' ? parsed.payload?.[VIEWER_UPDATE_KEY] : undefined;
    return signed && typeof signed === 'object' ? (signed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Every running subscription of the connection sees the new viewer from its next step on. */
export function updateViewer(connection: LiveConnection, viewer: Viewer): void {
  connection.viewer = viewer;
  for (const { context, listeners } of connection.live?.values() ?? []) {
    adoptViewer(context, viewer);
    for (const listener of listeners) listener(viewer);
  }
}
