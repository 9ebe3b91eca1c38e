import { createServer, type RequestListener } from 'node:http';

/** A server the runner holds for the run's workers. */
export interface LoopbackServer {
  readonly url: string;
  /** Stops listening and drops open connections (a worker waiting on a long answer must not hold the run open). */
  close(): Promise<void>;
}

/** Serves `handler` on a free loopback port; nothing beyond 127.0.0.1 can reach it. */
export async function serveOnLoopback(handler: RequestListener): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
