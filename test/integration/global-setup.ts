import type { TestProject } from 'vitest/node';
import { startServices } from '../../local/services/service-manager.js';
import { SERVICE_NAMES, type ServiceBackend, type ServiceEndpoints } from '../../local/services/service-types.js';

declare module 'vitest' {
  export interface ProvidedContext {
    services: ServiceEndpoints;
    serviceBackend: ServiceBackend;
  }
}

/**
 * Starts every real service once for the whole integration run. A service that cannot start fails
 * the run here, with its name, the reason and its log tail (ServiceStartError's message).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const running = await startServices({
    services: SERVICE_NAMES,
    log: (line) => {
      console.log(`[services] ${line}`);
    },
  });
  console.log(`[services] all ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${running.backend})`);
  project.provide('services', running.endpoints);
  project.provide('serviceBackend', running.backend);
  return () => running.stop();
}
