import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The URL the server really listens on, and whether that is every interface: what the start-up log must say. */
export function boundAddress(server: Server): string {
  const { address, family, port } = server.address() as AddressInfo;
  const url = `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
  return address === '::' || address === '0.0.0.0' ? `${url} (every interface)` : url;
}
