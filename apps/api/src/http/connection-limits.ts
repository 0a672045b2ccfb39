import type { Server } from 'node:http';
import { AppConfig } from '../config/app-config';

/**
 * Bounds what a client can hold without sending a request: Node's defaults let a request take
 * 5 minutes to arrive and any number of connections stay open, so a few thousand slow clients
 * could hold the server's sockets and memory.
 */
export function limitConnections(server: Server, config: AppConfig): void {
  server.headersTimeout = config.headersTimeoutSeconds * 1000;
  server.requestTimeout = config.requestTimeoutSeconds * 1000;
  server.maxConnections = config.maxConnections;
  // Node checks both timeouts every connectionsCheckingInterval (30 s by default, read when the
  // server starts listening): once a second, so "10 s" means about 10 s, not up to 40.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 1000;
}
