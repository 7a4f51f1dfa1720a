/** The model server of a run, in this process; a fault can make it answer 500s for a while. */
import { DEFAULT_ARTIFACT_PATH } from '../../model/artifact-path.js';
import { loadModel } from '../../model/click-anomaly-model.js';
import { currentArtifact } from '../../model/current-artifact.js';
import { buildModelServer } from '../../model/model-server.js';

export interface RunModelServer {
  readonly url: string;
  /** From now, every request fails with a 500 for `milliseconds`. */
  failRequestsFor(milliseconds: number): void;
  close(): Promise<void>;
}

export async function startRunModelServer(log: (line: string) => void): Promise<RunModelServer> {
  const model = loadModel(currentArtifact(DEFAULT_ARTIFACT_PATH, log));
  const server = buildModelServer(model);
  let failUntil = 0;
  server.addHook('onRequest', async (_request, reply) => {
    if (Date.now() < failUntil) await reply.code(500).send({ error: 'injected fault: the model server fails requests for a while' });
  });
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  log(`model server ${url}: ${model.name} version ${model.version}`);
  return {
    url,
    failRequestsFor: (milliseconds) => {
      failUntil = Date.now() + milliseconds;
    },
    close: () => server.close(),
  };
}
