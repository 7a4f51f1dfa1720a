import { createServer } from 'node:net';

/**
 * Asks the kernel for a free loopback port. Another process could take it before the service binds;
 * the service then fails to start with a bind error in its log, which the readiness check reports.
 */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port the kernel assigned'));
        return;
      }
      server.close(() => {
        resolvePort(address.port);
      });
    });
  });
}
