import { readFileSync } from 'node:fs';

interface PortState {
  /** Connections the kernel has completed that the process has not accepted yet. */
  acceptBacklog: number;
  /** Accepted connections to the port. */
  connections: number;
  /** Bytes that arrived on them and the process has not read yet. */
  unreadBytes: number;
}

/** What Linux says about a listening IPv4 port (`/proc/net/tcp`): nothing else tells a test which requests a process has really received. */
function portState(port: number): PortState {
  const state: PortState = { acceptBacklog: 0, connections: 0, unreadBytes: 0 };
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const [, local, , st, queues] = line.trim().split(/\s+/);
    if (!local || parseInt(local.split(':')[1], 16) !== port) continue;
    const rxQueue = parseInt(queues.split(':')[1], 16);
    // For a listening socket rx_queue is its accept backlog.
    if (st === '0A') state.acceptBacklog += rxQueue;
    if (st === '01') {
      state.connections += 1;
      state.unreadBytes += rxQueue;
    }
  }
  return state;
}

/**
 * Resolves once the process listening on `port` has accepted at least `connections` connections
 * and read every byte sent on them: every request sent so far has reached its HTTP server (Node
 * parses what it reads at once). Checked twice in a row, so a request still being written counts.
 */
export async function untilReceived(port: number, connections: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietTimes = 0;
  while (quietTimes < 2) {
    const state = portState(port);
    quietTimes = state.acceptBacklog === 0 && state.unreadBytes === 0 && state.connections >= connections ? quietTimes + 1 : 0;
    if (Date.now() > deadline) throw new Error(`port ${port} did not receive ${connections} connections' requests: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
